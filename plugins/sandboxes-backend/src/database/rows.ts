import {
  SANDBOX_PHASES,
  SandboxPhase,
  SandboxResource,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { SandboxRecord } from './types';

/** The database row of `sandboxes`, as knex returns it on any client. */
export interface SandboxRow {
  name: string;
  cluster: string;
  template: string;
  owner: string;
  entity_ref: string | null;
  display_name: string;
  phase: string;
  suspended: boolean | number;
  namespace: string | null;
  url: string | null;
  created_at: Date | string | number;
  expires_at: Date | string | number;
  resource_version: string | null;
  resource: string;
  updated_at: Date | string | number;
  extensions_used: number;
  last_resumed_at: Date | string | number | null;
  keep_awake_until: Date | string | number | null;
  last_activity_at: Date | string | number;
  deletion_requested_at: Date | string | number | null;
  /** The expires_at the owner was warned about (see ExpiryWarner). */
  expiry_warned_for?: Date | string | number | null;
}

/** SQLite hands back numbers or strings where PostgreSQL hands back Dates. */
export function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

function optionalDate(value: Date | string | number | null): Date | undefined {
  return value === null || value === undefined ? undefined : toDate(value);
}

export function rowToRecord(row: SandboxRow): SandboxRecord {
  const resource = JSON.parse(row.resource) as SandboxResource;
  return {
    name: row.name,
    uid: resource.metadata.uid,
    cluster: row.cluster,
    template: row.template,
    owner: row.owner,
    entityRef: row.entity_ref ?? undefined,
    displayName: row.display_name,
    phase: toPhase(row.phase),
    suspended: Boolean(row.suspended),
    namespace: row.namespace ?? undefined,
    url: row.url ?? undefined,
    createdAt: toDate(row.created_at),
    expiresAt: toDate(row.expires_at),
    resourceVersion: row.resource_version ?? undefined,
    resource,
    updatedAt: toDate(row.updated_at),
    extensionsUsed: Number(row.extensions_used),
    lastResumedAt: optionalDate(row.last_resumed_at),
    keepAwakeUntil: optionalDate(row.keep_awake_until),
    lastActivityAt: toDate(row.last_activity_at),
    deletionRequestedAt: optionalDate(row.deletion_requested_at),
  };
}

export function toPhase(value: string | undefined): SandboxPhase {
  return (SANDBOX_PHASES as readonly string[]).includes(value ?? '')
    ? (value as SandboxPhase)
    : 'Pending';
}

/** The columns an observed resource determines (bookkeeping is left alone). */
export function resourceColumns(cluster: string, resource: SandboxResource) {
  const { metadata, spec, status } = resource;
  return {
    name: metadata.name!,
    cluster,
    template: spec.templateRef.name,
    owner: spec.owner,
    entity_ref: spec.entityRef ?? null,
    display_name: spec.displayName || metadata.name!,
    phase: toPhase(status?.phase),
    suspended: Boolean(spec.suspend),
    namespace: status?.namespace ?? null,
    url: status?.url ?? status?.endpoints?.[0]?.url ?? null,
    expires_at: new Date(spec.expiresAt),
    resource_version: metadata.resourceVersion ?? null,
    resource: JSON.stringify(resource),
  };
}

/**
 * Whether `incoming` is newer than `stored`. Kubernetes resourceVersions are
 * opaque, but every real apiserver (and kube-sim) uses etcd's increasing
 * integers; when either is not an integer the incoming one wins.
 */
export function isNewerVersion(
  incoming: string | undefined,
  stored: string | null,
): boolean {
  if (!incoming || !stored) return true;
  if (!/^\d+$/.test(incoming) || !/^\d+$/.test(stored)) return true;
  return BigInt(incoming) > BigInt(stored);
}
