import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { sandboxesServiceRef } from '@sandboxkit/backstage-plugin-sandboxes-node';
import { createSandboxCreateAction } from './actions/createSandboxCreateAction';
import { createSandboxDeleteAction } from './actions/createSandboxDeleteAction';
import { createSandboxUpdateAction } from './actions/createSandboxUpdateAction';
import { createSandboxWaitAction } from './actions/createSandboxWaitAction';
import { createPublishLocalAction } from './actions/createPublishLocalAction';
import os from 'node:os';
import path from 'node:path';

/**
 * Scaffolder module with the actions `sandbox:create`, `sandbox:wait`,
 * `sandbox:update` and `sandbox:delete`, and `sandbox:publish-local` for offline demos.
 *
 * @public
 */
export const scaffolderModuleSandboxes = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'sandboxes',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        sandboxes: sandboxesServiceRef,
      },
      async init({ scaffolder, config, sandboxes }) {
        const appBaseUrl = config.getString('app.baseUrl');
        const repositoriesDirectory =
          config.getOptionalString(
            'scaffolder.sandboxes.localRepositoriesDirectory',
          ) ?? path.join(os.tmpdir(), 'backstage-local-repositories');
        scaffolder.addActions(
          createSandboxCreateAction({ sandboxes, appBaseUrl }),
          createSandboxWaitAction({ sandboxes, appBaseUrl }),
          createSandboxUpdateAction({ sandboxes, appBaseUrl }),
          createSandboxDeleteAction({ sandboxes }),
          createPublishLocalAction({ repositoriesDirectory }),
        );
      },
    });
  },
});
