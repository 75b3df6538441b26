import {
  BasicPermission,
  createPermission,
  isPermission,
  Permission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/** The permission resource type of a sandbox. @public */
export const SANDBOX_RESOURCE_TYPE = 'sandbox';

/** @public */
export type SandboxPermission = ResourcePermission<
  typeof SANDBOX_RESOURCE_TYPE
>;

/** Start a sandbox. Not a resource permission: the sandbox does not exist yet. @public */
export const sandboxCreatePermission: BasicPermission = createPermission({
  name: 'sandbox.create',
  attributes: { action: 'create' },
});

/** @public */
export const sandboxReadPermission: SandboxPermission = createPermission({
  name: 'sandbox.read',
  attributes: { action: 'read' },
  resourceType: SANDBOX_RESOURCE_TYPE,
});

/** Suspend, resume, extend, reseed, keep awake. @public */
export const sandboxUpdatePermission: SandboxPermission = createPermission({
  name: 'sandbox.update',
  attributes: { action: 'update' },
  resourceType: SANDBOX_RESOURCE_TYPE,
});

/** @public */
export const sandboxDeletePermission: SandboxPermission = createPermission({
  name: 'sandbox.delete',
  attributes: { action: 'delete' },
  resourceType: SANDBOX_RESOURCE_TYPE,
});

/** @public */
export const sandboxPermissions = [
  sandboxCreatePermission,
  sandboxReadPermission,
  sandboxUpdatePermission,
  sandboxDeletePermission,
];

/**
 * True for the permissions of this plugin: a portal's policy sends exactly
 * these to `DefaultSandboxPermissionPolicy` (or its own sandbox rules).
 *
 * @public
 */
export function isSandboxPermission(permission: Permission): boolean {
  return sandboxPermissions.some(p => isPermission(permission, p));
}
