import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { DefaultSandboxPermissionPolicy } from '@sandboxkit/backstage-plugin-sandboxes-backend';
import {
  sandboxDeletePermission,
  sandboxCreatePermission,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { PortalPermissionPolicy } from './permissionPolicy';

const jane = {
  credentials: mockCredentials.user('user:default/jane'),
  info: {
    userEntityRef: 'user:default/jane',
    ownershipEntityRefs: ['user:default/jane'],
  },
};

describe('PortalPermissionPolicy', () => {
  const policy = new PortalPermissionPolicy({
    sandboxes: new DefaultSandboxPermissionPolicy({
      adminGroups: [],
      everyoneCanRead: true,
    }),
  });

  it("delegates sandbox permissions to the sandboxes plugin's sub-policy", async () => {
    expect(
      await policy.handle({ permission: sandboxCreatePermission }, jane),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      await policy.handle({ permission: sandboxCreatePermission }),
    ).toEqual({ result: AuthorizeResult.DENY });
    const deletion = await policy.handle(
      { permission: sandboxDeletePermission },
      jane,
    );
    expect(deletion.result).toBe(AuthorizeResult.CONDITIONAL);
  });

  it("allows other plugins' permissions (the portal's own fallback)", async () => {
    const catalogRead = createPermission({
      name: 'catalog.entity.read',
      attributes: { action: 'read' },
    });
    expect(await policy.handle({ permission: catalogRead }, jane)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });
});
