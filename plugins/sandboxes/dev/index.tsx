import { createDevApp } from '@backstage/dev-utils';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EntitySandboxesCard,
  EntitySandboxesContent,
  SANDBOX_TEMPLATE_ANNOTATION,
  sandboxesApiRef,
  SandboxesPage,
  sandboxesPlugin,
} from '../src/legacy';
import { InMemorySandboxesApi } from '../src/__testUtils__/InMemorySandboxesApi';
import {
  demoSandboxes,
  demoSecretValues,
  demoTemplates,
  demoUser,
} from './demoData';

/**
 * Runs the plugin alone (`yarn start` in this folder) against sandboxes held
 * in memory: new ones become Ready after a few seconds, the quota is five.
 */
const demoEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    title: 'Payments',
    annotations: { [SANDBOX_TEMPLATE_ANNOTATION]: 'payments-demo' },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

createDevApp()
  .registerPlugin(sandboxesPlugin)
  .registerApi({
    api: sandboxesApiRef,
    deps: {},
    factory: () =>
      new InMemorySandboxesApi({
        sandboxes: demoSandboxes,
        secretValues: demoSecretValues,
        templates: demoTemplates,
        currentUser: demoUser,
        readyAfterMs: 8000,
        maxPerUser: 5,
        retryAfterSeconds: 1200,
      }),
  })
  .registerApi({
    api: permissionApiRef,
    deps: {},
    factory: () => ({
      authorize: async () => ({ result: AuthorizeResult.ALLOW }),
    }),
  })
  .addPage({
    element: <SandboxesPage />,
    title: 'Sandboxes',
    path: '/sandboxes',
  })
  .addPage({
    element: (
      <EntityProvider entity={demoEntity}>
        <EntitySandboxesContent />
      </EntityProvider>
    ),
    title: 'Entity tab',
    path: '/entity-tab',
  })
  .addPage({
    element: (
      <EntityProvider entity={demoEntity}>
        <EntitySandboxesCard />
      </EntityProvider>
    ),
    title: 'Entity card',
    path: '/entity-card',
  })
  .render();
