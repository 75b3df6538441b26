import { Config } from '@backstage/config';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isPermission,
  PermissionRuleParams,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  DEFAULT_SANDBOX_CATALOG_NAMESPACE,
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
 * for the portal's policy by mistake. For the catalog's
 * `catalog.entity.read`, a portal asks {@link DefaultSandboxPermissionPolicy.catalogEntityRead},
 * which keeps sandbox Resources to those who may read the sandbox.
 *
 * @public
 */
export class DefaultSandboxPermissionPolicy implements PermissionPolicy {
  readonly #adminGroups: Set<string>;
  readonly #everyoneCanRead: boolean;
  readonly #catalogNamespace: string;

  static fromConfig(config: Config): DefaultSandboxPermissionPolicy {
    const { permissions, catalogNamespace } = readSandboxesConfig(config);
    return new DefaultSandboxPermissionPolicy({
      ...permissions,
      catalogNamespace,
    });
  }

  constructor(options: {
    adminGroups: string[];
    everyoneCanRead: boolean;
    /** Where the catalog module publishes sandbox Resources. */
    catalogNamespace?: string;
  }) {
    this.#adminGroups = new Set(options.adminGroups);
    this.#everyoneCanRead = options.everyoneCanRead;
    this.#catalogNamespace =
      options.catalogNamespace ?? DEFAULT_SANDBOX_CATALOG_NAMESPACE;
  }

  /**
   * The decision for the catalog's `catalog.entity.read`: every entity,
   * except that with reading limited to owners a sandbox Resource (the
   * sandboxes' own catalog namespace) is only for its owners and the admins.
   * A condition, so the catalog filters lists and searches in its query.
   */
  catalogEntityRead(user?: PolicyQueryUser): PolicyDecision {
    const refs = user?.info.ownershipEntityRefs ?? [];
    if (this.#everyoneCanRead || refs.some(ref => this.#adminGroups.has(ref))) {
      return { result: AuthorizeResult.ALLOW };
    }
    const rule = (name: string, params: PermissionRuleParams) => ({
      rule: name,
      resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
      params,
    });
    return {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
      conditions: {
        anyOf: [
          {
            not: rule('HAS_METADATA', {
              key: 'namespace',
              value: this.#catalogNamespace,
            }),
          },
          rule('IS_ENTITY_OWNER', { claims: refs }),
        ],
      },
    };
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
