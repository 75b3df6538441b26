import { usePermission } from '@backstage/plugin-permission-react';
import {
  sandboxCreatePermission,
  sandboxDeletePermission,
  sandboxUpdatePermission,
} from '@sandboxkit/backstage-plugin-sandboxes-common';

export interface ActionPermission {
  allowed: boolean;
  loading: boolean;
}

/** Whether the user may change and delete this sandbox. */
export function useSandboxPermissions(name: string): {
  update: ActionPermission;
  remove: ActionPermission;
} {
  const update = usePermission({
    permission: sandboxUpdatePermission,
    resourceRef: name,
  });
  const remove = usePermission({
    permission: sandboxDeletePermission,
    resourceRef: name,
  });
  return {
    update: { allowed: update.allowed, loading: update.loading },
    remove: { allowed: remove.allowed, loading: remove.loading },
  };
}

/** Whether the user may start a sandbox. */
export function useCreatePermission(): ActionPermission {
  const { allowed, loading } = usePermission({
    permission: sandboxCreatePermission,
  });
  return { allowed, loading };
}

/** Reasons shown on actions the user may not do. */
export const PERMISSION_REASONS = {
  create:
    'You do not have permission to create sandboxes. Ask your portal administrators.',
  update: 'Only the owner of this sandbox (or an administrator) can change it.',
  remove: 'Only the owner of this sandbox (or an administrator) can delete it.',
};
