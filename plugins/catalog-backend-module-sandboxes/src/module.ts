import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { sandboxesServiceRef } from '@sandboxkit/backstage-plugin-sandboxes-node';
import { SandboxesEntityProvider } from './SandboxesEntityProvider';

/**
 * Catalog module that publishes every sandbox as a `Resource` of type
 * `sandbox`.
 *
 * @public
 */
export const catalogModuleSandboxes = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'sandboxes',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        sandboxes: sandboxesServiceRef,
      },
      async init({ catalog, config, logger, scheduler, auth, sandboxes }) {
        catalog.addEntityProvider(
          SandboxesEntityProvider.fromConfig(config, {
            sandboxes,
            auth,
            scheduler,
            logger,
          }),
        );
      },
    });
  },
});
