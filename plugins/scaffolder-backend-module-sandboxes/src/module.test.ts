import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  TemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import { sandboxesServiceRef } from '@sandboxkit/backstage-plugin-sandboxes-node';
import { FakeSandboxesService } from './__testUtils__/FakeSandboxesService';
import { scaffolderModuleSandboxes } from './module';

describe('scaffolderModuleSandboxes', () => {
  it('registers sandbox:create, sandbox:wait, sandbox:update, sandbox:delete and sandbox:publish-local with the scaffolder', async () => {
    const actions: TemplateAction<any, any, any>[] = [];
    const backend = await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          { addActions: (...added) => actions.push(...added) },
        ],
      ],
      features: [
        scaffolderModuleSandboxes,
        mockServices.rootConfig.factory({
          data: { app: { baseUrl: 'http://portal.example' } },
        }),
        createServiceFactory({
          service: sandboxesServiceRef,
          deps: {},
          factory: () => new FakeSandboxesService(),
        }),
      ],
    });

    expect(actions.map(a => a.id)).toEqual([
      'sandbox:create',
      'sandbox:wait',
      'sandbox:update',
      'sandbox:delete',
      'sandbox:publish-local',
    ]);
    await backend.stop();
  });
});
