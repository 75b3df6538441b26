import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  ActivityType,
  ListSandboxesRequest,
  SandboxPhase,
  SandboxResource,
} from '@sandboxkit/backstage-plugin-sandboxes-common';

/** One row of the sandbox index with its bookkeeping. @public */
export interface SandboxRecord {
  name: string;
  /** metadata.uid; absent while the name is only reserved. */
  uid?: string;
  cluster: string;
  template: string;
  owner: string;
  entityRef?: string;
  displayName: string;
  phase: SandboxPhase;
  suspended: boolean;
  namespace?: string;
  url?: string;
  createdAt: Date;
  expiresAt: Date;
  resourceVersion?: string;
  resource: SandboxResource;
  updatedAt: Date;
  extensionsUsed: number;
  lastResumedAt?: Date;
  keepAwakeUntil?: Date;
  lastActivityAt: Date;
  deletionRequestedAt?: Date;
}

/**
 * A filter the permission framework's IS_OWNER rule turns into; applied as a
 * knex `where` by the store.
 *
 * @public
 */
export interface SandboxFilter {
  key: 'owner';
  values: string[];
}

/** @public */
export type SandboxPermissionCriteria = PermissionCriteria<SandboxFilter>;

/** A list query after validation ("me" already resolved). @public */
export interface SandboxListQuery
  extends Omit<ListSandboxesRequest, 'owner' | 'limit'> {
  owner?: string;
  limit: number;
}

/** @public */
export interface SandboxListPage {
  records: SandboxRecord[];
  totalCount: number;
  nextCursor?: string;
}

/** What an observed resource changed in the index. @public */
export interface ObservedChange {
  /** False when the event was older than the row (ignored). */
  applied: boolean;
  created: boolean;
  previous?: {
    phase: SandboxPhase;
    suspended: boolean;
    /** The write marker annotation the stored resource carried. */
    lastWrite?: string;
  };
  record?: SandboxRecord;
}

/** @public */
export interface ActivityEntryInput {
  /** The sandbox's name. */
  sandbox: string;
  /**
   * Its metadata.uid: a name can be taken again, the uid is the one sandbox.
   * Absent only for entries recorded before uids were kept.
   */
  sandboxUid?: string;
  type: ActivityType;
  actor: string;
  message: string;
  details?: Record<string, unknown>;
  at?: Date;
}

/** @public */
export interface ActivityEntry
  extends Required<Omit<ActivityEntryInput, 'details' | 'sandboxUid'>> {
  id: string;
  sandboxUid?: string;
  details?: Record<string, unknown>;
}

/**
 * One sandbox that had a name, seen through its timeline: a name can be
 * taken again after deletion, each sandbox keeps its own entries.
 *
 * @public
 */
export interface ActivityIncarnation {
  /** Absent for entries recorded before uids were kept. */
  uid?: string;
  /** From its 'created' entry; absent when the timeline has none. */
  owner?: string;
  firstAt: Date;
  lastAt: Date;
}

/** One quota scope a new sandbox takes a slot in. @public */
export interface QuotaScope {
  /** Stable key, e.g. `user:user:default/jane` or `group:group:default/a|template:x`. */
  key: string;
  /** Words for the refusal message, e.g. "per-user quota". */
  description: string;
  limit: number;
}

/** A sandbox of a cluster with the bookkeeping the autoscaler needs. @public */
export interface SandboxFleetRecord {
  name: string;
  cluster: string;
  namespace?: string;
  template: string;
  owner: string;
  phase: SandboxPhase;
  suspended: boolean;
  createdAt: Date;
  expiresAt: Date;
  lastResumedAt?: Date;
  keepAwakeUntil?: Date;
  /** The Sandbox resource as last seen (size, parameters). */
  resource: SandboxResource;
}
