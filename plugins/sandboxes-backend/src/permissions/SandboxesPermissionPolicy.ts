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
  sandboxCreatePermission,
  sandboxDeletePermission,
  sandboxReadPermission,
  sandboxUpdatePermission,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { readSandboxesConfig } from '../config';
import { createSandboxConditionalDecision, sandboxConditions } from './rules';

/**
 * The repository's default policy for sandboxes: everyone signed in may
 * create, list and read (reading is configurable); owners update and delete
 * their own (a sandbox owned by one of their groups counts); members of an
 * admin group manage all. Permissions of other plugins are allowed, as the
 * allow-all policy did; wrap or replace this class for a stricter portal.
 *
 * @public
 */
export class SandboxesPermissionPolicy implements PermissionPolicy {
  readonly #adminGroups: Set<string>;
  readonly #everyoneCanRead: boolean;

  static fromConfig(config: Config): SandboxesPermissionPolicy {
    const { permissions } = readSandboxesConfig(config);
    return new SandboxesPermissionPolicy(permissions);
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
    const isSandboxPermission = [
      sandboxCreatePermission,
      sandboxReadPermission,
      sandboxUpdatePermission,
      sandboxDeletePermission,
    ].some(p => isPermission(permission, p));
    if (!isSandboxPermission) return { result: AuthorizeResult.ALLOW };
    if (!user) return { result: AuthorizeResult.DENY };

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
