import {
  SandboxResource,
  SandboxTemplateResource,
} from '@sandboxkit/backstage-plugin-sandboxes-common';

/**
 * When a sandbox expires (epoch ms): spec.expiresAt, but never later than
 * the template's maximum lifetime after creation plus `maxExtensionMinutes`
 * (room for the backend's extensions), so a Sandbox made with kubectl
 * cannot live forever.
 */
export function effectiveExpiry(
  sandbox: SandboxResource,
  template: SandboxTemplateResource | undefined,
  maxExtensionMinutes: number,
): number {
  const requested = Date.parse(sandbox.spec.expiresAt);
  const created = Date.parse(sandbox.metadata.creationTimestamp ?? '');
  const maxMinutes = template?.spec.ttl?.maxMinutes;
  if (maxMinutes === undefined || !Number.isFinite(created)) return requested;
  const limit = created + (maxMinutes + maxExtensionMinutes) * 60_000;
  return Number.isFinite(requested) ? Math.min(requested, limit) : limit;
}
