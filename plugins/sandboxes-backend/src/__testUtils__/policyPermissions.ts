import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { isPermission } from '@backstage/plugin-permission-common';
import { PermissionPolicy } from '@backstage/plugin-permission-node';
import { isSandboxPermission } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { DefaultSandboxPermissionPolicy } from '../permissions/DefaultSandboxPermissionPolicy';

/** Group memberships of test users: user ref → its ownership refs. */
export type Memberships = Record<string, string[]>;

export const ALICE = 'user:default/alice';
export const BOB = 'user:default/bob';
export const ADMIN = 'user:default/root';
export const ADMIN_GROUP = 'group:default/platform-admins';

export const defaultMemberships: Memberships = {
  [ALICE]: [ALICE, 'group:default/team-a'],
  [BOB]: [BOB, 'group:default/team-b'],
  [ADMIN]: [ADMIN, ADMIN_GROUP],
};

export function ownershipOf(memberships: Memberships, userRef: string) {
  return memberships[userRef] ?? [userRef];
}

/**
 * A permissions service that evaluates the given policy in-process, the way
 * the permission backend would: service principals are allowed, users get
 * the policy's decision (conditional ones included).
 */
export function policyPermissionsFactory(
  policy: PermissionPolicy,
  memberships: Memberships,
) {
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory(): PermissionsService {
      const decide = async (
        permission: Parameters<PermissionPolicy['handle']>[0]['permission'],
        credentials: BackstageCredentials,
      ): Promise<PolicyDecision> => {
        const principal = credentials.principal as {
          type: string;
          userEntityRef?: string;
        };
        if (principal.type === 'service')
          return { result: AuthorizeResult.ALLOW };
        if (principal.type !== 'user') return { result: AuthorizeResult.DENY };
        const userEntityRef = principal.userEntityRef!;
        return policy.handle(
          { permission },
          {
            credentials,
            info: {
              userEntityRef,
              ownershipEntityRefs: ownershipOf(memberships, userEntityRef),
            },
          },
        );
      };
      return {
        async authorize(requests, { credentials }) {
          return Promise.all(
            requests.map(async r => {
              const d = await decide(r.permission, credentials);
              if (d.result === AuthorizeResult.CONDITIONAL) {
                throw new Error(
                  'authorize() used for a conditional decision; use authorizeConditional',
                );
              }
              return d;
            }),
          );
        },
        async authorizeConditional(requests, { credentials }) {
          return Promise.all(
            requests.map(r => decide(r.permission, credentials)),
          );
        },
      };
    },
  });
}

export function membershipsUserInfoFactory(memberships: Memberships) {
  return createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory: () => ({
      async getUserInfo(credentials: BackstageCredentials) {
        const principal = credentials.principal as {
          type: string;
          userEntityRef?: string;
        };
        if (principal.type !== 'user') throw new Error('not a user');
        return {
          userEntityRef: principal.userEntityRef!,
          ownershipEntityRefs: ownershipOf(
            memberships,
            principal.userEntityRef!,
          ),
        };
      },
    }),
  });
}

/**
 * The sandboxes policy composed as a portal composes it (see
 * packages/backend/src/permissionPolicy.ts, which a plugin cannot import):
 * sandbox permissions and catalog.entity.read go to the sandboxes policy,
 * other plugins' permissions are allowed.
 */
export function portalPolicyOf(
  sandboxes: DefaultSandboxPermissionPolicy,
): PermissionPolicy {
  return {
    async handle(request, user) {
      if (isSandboxPermission(request.permission)) {
        return sandboxes.handle(request, user);
      }
      if (isPermission(request.permission, catalogEntityReadPermission)) {
        return sandboxes.catalogEntityRead(user);
      }
      return { result: AuthorizeResult.ALLOW };
    },
  };
}
