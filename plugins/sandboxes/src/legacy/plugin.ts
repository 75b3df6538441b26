import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { SandboxesClient } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { sandboxesApiRef } from '../api';
import { rootRouteRef, sandboxRouteRef } from '../routes';

/**
 * The sandboxes frontend plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const sandboxesPlugin = createPlugin({
  id: 'sandboxes',
  apis: [
    createApiFactory({
      api: sandboxesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SandboxesClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    sandbox: sandboxRouteRef,
  },
});

/**
 * The /sandboxes page and each sandbox's page under it. Mount it with
 * `<Route path="/sandboxes" element={<SandboxesPage />} />`.
 *
 * @public
 */
export const SandboxesPage: () => JSX.Element = sandboxesPlugin.provide(
  createRoutableExtension({
    name: 'SandboxesPage',
    component: () => import('../components/Router').then(m => m.Router),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The entity page tab listing the entity's sandboxes.
 *
 * @public
 */
export const EntitySandboxesContent: () => JSX.Element =
  sandboxesPlugin.provide(
    createComponentExtension({
      name: 'EntitySandboxesContent',
      component: {
        lazy: () =>
          import('../components/EntitySandboxesContent').then(
            m => m.EntitySandboxesContent,
          ),
      },
    }),
  );

/**
 * A card for the entity overview page.
 *
 * @public
 */
export const EntitySandboxesCard: () => JSX.Element = sandboxesPlugin.provide(
  createComponentExtension({
    name: 'EntitySandboxesCard',
    component: {
      lazy: () =>
        import('../components/EntitySandboxesContent').then(
          m => m.EntitySandboxesCard,
        ),
    },
  }),
);
