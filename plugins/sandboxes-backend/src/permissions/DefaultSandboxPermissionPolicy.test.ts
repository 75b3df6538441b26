import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  isSandboxPermission,
  sandboxCreatePermission,
  sandboxDeletePermission,
  sandboxReadPermission,
  sandboxUpdatePermission,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { createPermission } from '@backstage/plugin-permission-common';
import { DefaultSandboxPermissionPolicy } from './DefaultSandboxPermissionPolicy';

const user = (ref: string, groups: string[] = []) => ({
  credentials: mockCredentials.user(ref),
  info: { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups] },
});

describe('DefaultSandboxPermissionPolicy', () => {
  const policy = new DefaultSandboxPermissionPolicy({
    adminGroups: ['group:default/platform-admins'],
    everyoneCanRead: true,
  });

  it('lets everyone create, list and read', async () => {
    for (const permission of [sandboxCreatePermission, sandboxReadPermission]) {
      expect(
        await policy.handle({ permission }, user('user:default/jane')),
      ).toEqual({ result: AuthorizeResult.ALLOW });
    }
  });

  it('lets owners (and their groups) update and delete only their own', async () => {
    for (const permission of [
      sandboxUpdatePermission,
      sandboxDeletePermission,
    ]) {
      const decision = await policy.handle(
        { permission },
        user('user:default/jane', ['group:default/team']),
      );
      expect(decision).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'sandboxes',
        resourceType: 'sandbox',
        conditions: {
          rule: 'IS_OWNER',
          resourceType: 'sandbox',
          params: { owners: ['user:default/jane', 'group:default/team'] },
        },
      });
    }
  });

  it('lets the admin group manage everything', async () => {
    const admin = user('user:default/root', ['group:default/platform-admins']);
    for (const permission of [
      sandboxUpdatePermission,
      sandboxDeletePermission,
    ]) {
      expect(await policy.handle({ permission }, admin)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('limits reading to owners when everyoneCanRead is off', async () => {
    const strict = new DefaultSandboxPermissionPolicy({
      adminGroups: [],
      everyoneCanRead: false,
    });
    const decision = await strict.handle(
      { permission: sandboxReadPermission },
      user('user:default/jane'),
    );
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
  });

  it('denies sandbox permissions without a user', async () => {
    expect(
      await policy.handle({ permission: sandboxCreatePermission }),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it("answers only sandbox permissions: another plugin's is denied, not allowed", async () => {
    const other = createPermission({
      name: 'catalog.entity.read',
      attributes: { action: 'read' },
    });
    expect(isSandboxPermission(other)).toBe(false);
    expect(isSandboxPermission(sandboxDeletePermission)).toBe(true);
    expect(
      await policy.handle(
        { permission: other },
        user('user:default/jane', ['group:default/platform-admins']),
      ),
    ).toEqual({ result: AuthorizeResult.DENY });
  });
  it("hides other users' sandbox Resources in the catalog when reading is limited to owners", async () => {
    const strict = new DefaultSandboxPermissionPolicy({
      adminGroups: ['group:default/platform-admins'],
      everyoneCanRead: false,
      catalogNamespace: 'sbx',
    });
    expect(
      strict.catalogEntityRead(
        user('user:default/jane', ['group:default/team']),
      ),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        anyOf: [
          {
            not: {
              rule: 'HAS_METADATA',
              resourceType: 'catalog-entity',
              params: { key: 'namespace', value: 'sbx' },
            },
          },
          {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: { claims: ['user:default/jane', 'group:default/team'] },
          },
        ],
      },
    });
    // Admins, and everyone when everyone may read sandboxes, see them all.
    expect(
      strict.catalogEntityRead(
        user('user:default/root', ['group:default/platform-admins']),
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(policy.catalogEntityRead(user('user:default/jane'))).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });
});
