import { Config } from '@backstage/config';
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
import {
  isSandboxPermission,
  sandboxCreatePermission,
  sandboxDeletePermission,
  sandboxReadPermission,
  sandboxUpdatePermission,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { readSandboxesConfig } from '../config';
import { createSandboxConditionalDecision, sandboxConditions } from './rules';

/**
 * The default sub-policy for sandbox permissions, for a portal's own policy
 * to delegate to: everyone signed in may create, list and read (reading is
 * configurable); owners update and delete their own (a sandbox owned by one
 * of their groups counts); members of `sandboxes.permissions.adminGroups`
 * manage all. It answers only sandbox permissions (see
 * `isSandboxPermission`) and denies anything else, so it cannot stand in
 * for the portal's policy by mistake.
 *
 * @public
 */
export class DefaultSandboxPermissionPolicy implements PermissionPolicy {
  readonly #adminGroups: Set<string>;
  readonly #everyoneCanRead: boolean;

  static fromConfig(config: Config): DefaultSandboxPermissionPolicy {
    const { permissions } = readSandboxesConfig(config);
    return new DefaultSandboxPermissionPolicy(permissions);
  }

  constructor(options: { adminGroups: string[]; everyoneCanRead: boolean }) {
    this.#adminGroups = new Set(options.adminGroups);
    this.#everyoneCanRead = options.everyoneCanRead;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!isSandboxPermission(permission) || !user)
      return { result: AuthorizeResult.DENY };

    const refs = user.info.ownershipEntityRefs;
    if (refs.some(ref => this.#adminGroups.has(ref))) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isPermission(permission, sandboxCreatePermission)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (
      isPermission(permission, sandboxReadPermission) &&
      this.#everyoneCanRead
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (
      isPermission(permission, sandboxReadPermission) ||
      isPermission(permission, sandboxUpdatePermission) ||
      isPermission(permission, sandboxDeletePermission)
    ) {
      return createSandboxConditionalDecision(
        permission,
        sandboxConditions.isSandboxOwner({ owners: refs }),
      );
    }
    return { result: AuthorizeResult.DENY };
  }
}
