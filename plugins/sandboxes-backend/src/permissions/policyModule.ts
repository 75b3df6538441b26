import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { SandboxesPermissionPolicy } from './SandboxesPermissionPolicy';

/**
 * Installs SandboxesPermissionPolicy as the portal's permission policy, in
 * place of the allow-all policy module.
 *
 * @public
 */
export const sandboxesPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'sandboxes-policy',
  register(reg) {
    reg.registerInit({
      deps: { config: coreServices.rootConfig, policy: policyExtensionPoint },
      async init({ config, policy }) {
        policy.setPolicy(SandboxesPermissionPolicy.fromConfig(config));
      },
    });
  },
});
