import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { DefaultSandboxesService } from './DefaultSandboxesService';
import { SandboxesService } from './SandboxesService';

/**
 * The sandboxes backend as a service for other backend plugins and modules.
 * Its default factory talks HTTP to the sandboxes plugin found through the
 * discovery service; no backend wiring is needed to use it.
 *
 * @example
 * ```ts
 * deps: { sandboxes: sandboxesServiceRef, auth: coreServices.auth }
 * // ...
 * await sandboxes.listTemplates({ credentials: await auth.getOwnServiceCredentials() });
 * ```
 *
 * @public
 */
export const sandboxesServiceRef = createServiceRef<SandboxesService>({
  id: 'sandboxes.client',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      factory({ discovery, auth }) {
        return DefaultSandboxesService.create({ discovery, auth });
      },
    }),
});
