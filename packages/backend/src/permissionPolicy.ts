import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { DefaultSandboxPermissionPolicy } from '@sandboxkit/backstage-plugin-sandboxes-backend';
import { isSandboxPermission } from '@sandboxkit/backstage-plugin-sandboxes-common';

/**
 * This portal's policy: sandbox permissions, and reading catalog entities
 * (sandbox Resources follow the sandboxes' read rule), go to the sandboxes
 * plugin's sub-policy; every other plugin's permissions are allowed, as with the
 * allow-all policy this portal started from.
 */
export class PortalPermissionPolicy implements PermissionPolicy {
  readonly #sandboxes: DefaultSandboxPermissionPolicy;

  constructor(options: { sandboxes: DefaultSandboxPermissionPolicy }) {
    this.#sandboxes = options.sandboxes;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (isSandboxPermission(request.permission)) {
      return this.#sandboxes.handle(request, user);
    }
    // Sandbox Resources in the catalog follow the sandboxes' read rule.
    if (isPermission(request.permission, catalogEntityReadPermission)) {
      return this.#sandboxes.catalogEntityRead(user);
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/** Installs {@link PortalPermissionPolicy} as the permission backend's policy. */
export const portalPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'portal-policy',
  register(reg) {
    reg.registerInit({
      deps: { config: coreServices.rootConfig, policy: policyExtensionPoint },
      async init({ config, policy }) {
        policy.setPolicy(
          new PortalPermissionPolicy({
            sandboxes: DefaultSandboxPermissionPolicy.fromConfig(config),
          }),
        );
      },
    });
  },
});
