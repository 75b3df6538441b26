import { BackendFeature, ServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { sandboxesPlugin } from '../plugin';
import { DefaultSandboxPermissionPolicy } from '../permissions/DefaultSandboxPermissionPolicy';
import {
  ADMIN_GROUP,
  portalPolicyOf,
  defaultMemberships,
  Memberships,
  membershipsUserInfoFactory,
  policyPermissionsFactory,
} from './policyPermissions';

/** Config of one kube-sim cluster named "local", in the kubernetes plugin's shape. */
export function clusterConfig(url: string): JsonObject {
  return {
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'local',
              url,
              authProvider: 'serviceAccount',
              serviceAccountToken: 'test',
              skipTLSVerify: true,
            },
          ],
        },
      ],
    },
  };
}

/**
 * The plugin in a test backend, with the repository's policy evaluated
 * in-process and users in groups.
 */
export async function startSandboxesBackend(options: {
  kubeUrl: string;
  knex?: Knex;
  sandboxes?: JsonObject;
  /** Config of the catalog, for tests that add the catalog backend. */
  catalog?: JsonObject;
  memberships?: Memberships;
  /** The policy's everyoneCanRead; default true, as in the default config. */
  everyoneCanRead?: boolean;
  /**
   * Compose the policy as a portal does (packages/backend's
   * PortalPermissionPolicy): catalog.entity.read from the sandboxes policy,
   * other plugins' permissions allowed. For tests that run the catalog.
   */
  portalPolicy?: boolean;
  /** More service factories, e.g. a scheduler or notifications to observe. */
  services?: ServiceFactory[];
  /** More features, e.g. a module that reaches a service the plugin uses. */
  features?: BackendFeature[];
}) {
  const memberships = options.memberships ?? defaultMemberships;
  const sandboxesPolicy = new DefaultSandboxPermissionPolicy({
    adminGroups: [ADMIN_GROUP],
    everyoneCanRead: options.everyoneCanRead ?? true,
  });
  const policy = options.portalPolicy
    ? portalPolicyOf(sandboxesPolicy)
    : sandboxesPolicy;
  return startTestBackend({
    features: [
      sandboxesPlugin,
      mockServices.rootConfig.factory({
        data: {
          ...clusterConfig(options.kubeUrl),
          sandboxes: {
            watch: { resyncMinutes: 10 },
            kubernetes: { requestTimeoutMs: 3000, maxRetries: 2 },
            ...options.sandboxes,
          },
          ...(options.catalog ? { catalog: options.catalog } : {}),
        },
      }),
      ...(options.knex
        ? [mockServices.database.factory({ knex: options.knex })]
        : []),
      policyPermissionsFactory(policy, memberships),
      membershipsUserInfoFactory(memberships),
      ...(options.services ?? []),
      ...(options.features ?? []),
    ],
  });
}
