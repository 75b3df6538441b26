import { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { SandboxResource } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { Knex } from 'knex';
import { replaceFollows } from './follows';
import { applyListQuery, countQuery } from './listQuery';
import { lastWriteOf } from './lastWrite';
import { connectSandboxesDatabase } from './migrations';
import {
  isNewerVersion,
  resourceColumns,
  rowToRecord,
  SandboxRow,
  toPhase,
} from './rows';
import {
  SandboxFleetRecord,
  ObservedChange,
  SandboxListPage,
  SandboxListQuery,
  SandboxPermissionCriteria,
  SandboxRecord,
} from './types';

const TABLE = 'sandboxes';

/**
 * The sandbox index and its lifetime bookkeeping. Rows are written from
 * resources the API wrote and resources the watch saw; bookkeeping columns
 * (extensions, keep-awake, resume times) are only written by the API.
 *
 * @public
 */
export class DatabaseSandboxStore {
  readonly #db: Knex;

  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseSandboxStore> {
    return new DatabaseSandboxStore(
      await connectSandboxesDatabase(options.database),
    );
  }

  constructor(db: Knex) {
    this.#db = db;
  }

  /**
   * Claims a name before the resource exists, so two creates cannot both
   * get it and the quota slots taken in the same transaction point at it.
   */
  async insertReservation(
    tx: Knex.Transaction,
    cluster: string,
    resource: SandboxResource,
    now: Date,
  ): Promise<void> {
    try {
      await tx(TABLE).insert({
        ...resourceColumns(cluster, resource),
        resource_version: null,
        created_at: now,
        updated_at: now,
        last_activity_at: now,
        extensions_used: 0,
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `name: a sandbox named '${resource.metadata.name}' already exists; choose another name or leave it empty to get a generated one`,
        );
      }
      throw error;
    }
  }

  async deleteRecord(name: string): Promise<void> {
    await this.#db.transaction(async tx => {
      await tx(TABLE).where({ name }).delete();
      await replaceFollows(tx, name, undefined);
    });
  }

  async get(name: string): Promise<SandboxRecord | undefined> {
    const row = await this.#db<SandboxRow>(TABLE).where({ name }).first();
    return row ? rowToRecord(row) : undefined;
  }

  async list(
    query: SandboxListQuery,
    permission?: SandboxPermissionCriteria,
  ): Promise<SandboxListPage> {
    const page = applyListQuery(this.#db<SandboxRow>(TABLE), query, permission);
    const [rows, count] = await Promise.all([
      page.rows,
      countQuery(this.#db(TABLE), query, permission),
    ]);
    const records = rows.slice(0, query.limit).map(rowToRecord);
    const nextCursor =
      rows.length > query.limit
        ? page.cursorOf(records[records.length - 1])
        : undefined;
    return { records, totalCount: count, nextCursor };
  }

  /**
   * Applies a resource seen from a cluster (watch, list or an API write's
   * answer). Several replicas apply the same events: the row lock and the
   * resourceVersion guard make exactly one of them see each phase change.
   */
  async applyObserved(
    cluster: string,
    resource: SandboxResource,
    now = new Date(),
  ): Promise<ObservedChange> {
    return this.#db.transaction(async tx => {
      const name = resource.metadata.name!;
      const existing = await lockRow(tx, name);
      const columns = resourceColumns(cluster, resource);
      if (!existing) {
        const created = resource.metadata.creationTimestamp
          ? new Date(resource.metadata.creationTimestamp)
          : now;
        await tx(TABLE).insert({
          ...columns,
          created_at: created,
          updated_at: now,
          last_activity_at: created,
          extensions_used: 0,
        });
        await replaceFollows(tx, name, resource);
        return {
          applied: true,
          created: true,
          record: await this.#getIn(tx, name),
        };
      }
      if (
        !isNewerVersion(
          resource.metadata.resourceVersion,
          existing.resource_version,
        )
      ) {
        return { applied: false, created: false };
      }
      await tx(TABLE)
        .where({ name })
        .update({ ...columns, updated_at: now });
      await replaceFollows(tx, name, resource);
      return {
        applied: true,
        created: false,
        previous: {
          phase: toPhase(existing.phase),
          suspended: Boolean(existing.suspended),
          lastWrite: lastWriteOf(JSON.parse(existing.resource)),
        },
        record: await this.#getIn(tx, name),
      };
    });
  }

  /** Removes a row whose resource is gone; returns it if it existed. */
  async removeObserved(name: string): Promise<SandboxRecord | undefined> {
    return this.#db.transaction(async tx => {
      const existing = await lockRow(tx, name);
      if (!existing) return undefined;
      await tx(TABLE).where({ name }).delete();
      await replaceFollows(tx, name, undefined);
      return rowToRecord(existing);
    });
  }

  /**
   * Names of a cluster's rows not in `present` and not touched since
   * `listStartedAt` (a row written after the list began may be a create the
   * list could not see yet).
   */
  async findVanished(
    cluster: string,
    present: Set<string>,
    listStartedAt: Date,
  ): Promise<string[]> {
    const rows = await this.#db<SandboxRow>(TABLE)
      .where({ cluster })
      .andWhere('updated_at', '<', listStartedAt)
      .select('name');
    return rows.map(r => r.name).filter(name => !present.has(name));
  }

  /** Takes one extension if any is left; false when the limit is used up. */
  async tryUseExtension(name: string, maxCount: number): Promise<boolean> {
    const updated = await this.#db(TABLE)
      .where({ name })
      .andWhere('extensions_used', '<', maxCount)
      .increment('extensions_used', 1);
    return updated === 1;
  }

  async returnExtension(name: string): Promise<void> {
    await this.#db(TABLE)
      .where({ name })
      .andWhere('extensions_used', '>', 0)
      .decrement('extensions_used', 1);
  }

  async setBookkeeping(
    name: string,
    values: {
      lastResumedAt?: Date;
      keepAwakeUntil?: Date | null;
      lastActivityAt?: Date;
      deletionRequestedAt?: Date;
    },
  ): Promise<void> {
    const update: Record<string, Date | null> = {};
    if (values.lastResumedAt) update.last_resumed_at = values.lastResumedAt;
    if (values.keepAwakeUntil !== undefined) {
      update.keep_awake_until = values.keepAwakeUntil;
    }
    if (values.lastActivityAt) update.last_activity_at = values.lastActivityAt;
    if (values.deletionRequestedAt) {
      update.deletion_requested_at = values.deletionRequestedAt;
    }
    if (Object.keys(update).length > 0) {
      await this.#db(TABLE).where({ name }).update(update);
    }
  }

  /**
   * Every sandbox of a cluster not being deleted, in any phase, for the
   * autoscaler (it picks the running and suspended ones).
   */
  async listFleet(cluster: string): Promise<SandboxFleetRecord[]> {
    const rows = await this.#db<SandboxRow>(TABLE)
      .where({ cluster })
      .whereNull('deletion_requested_at')
      .orderBy('name');
    return rows.map(row => {
      const r = rowToRecord(row);
      return {
        name: r.name,
        cluster: r.cluster,
        namespace: r.namespace,
        template: r.template,
        owner: r.owner,
        phase: r.phase,
        suspended: r.suspended,
        createdAt: r.createdAt,
        expiresAt: r.expiresAt,
        lastResumedAt: r.lastResumedAt,
        keepAwakeUntil: r.keepAwakeUntil,
        resource: r.resource,
      };
    });
  }

  /**
   * Sandboxes that expire after `now` and at or before `before` whose owner
   * has not been warned about that expiry yet (never, or only about an
   * earlier one they extended past), soonest first.
   */
  async listUnwarnedExpiring(
    now: Date,
    before: Date,
    limit: number,
  ): Promise<SandboxRecord[]> {
    const rows = await this.#db<SandboxRow>(TABLE)
      .where('expires_at', '>', now)
      .andWhere('expires_at', '<=', before)
      .whereNull('deletion_requested_at')
      .whereNotIn('phase', ['Expired', 'Deleting'])
      .andWhere(q =>
        q
          .whereNull('expiry_warned_for')
          .orWhere('expiry_warned_for', '<>', this.#db.ref('expires_at')),
      )
      .orderBy([{ column: 'expires_at' }, { column: 'name' }])
      .limit(limit);
    return rows.map(rowToRecord);
  }

  /**
   * Marks the warning for this expiry as given. False when it already was,
   * or when the sandbox's expiry is no longer `expiresAt` (it changed since
   * it was listed), so each expiry is warned about at most once.
   */
  async claimExpiryWarning(name: string, expiresAt: Date): Promise<boolean> {
    const updated = await this.#db(TABLE)
      .where({ name, expires_at: expiresAt })
      .andWhere(q =>
        q
          .whereNull('expiry_warned_for')
          .orWhere('expiry_warned_for', '<>', this.#db.ref('expires_at')),
      )
      .update({ expiry_warned_for: this.#db.ref('expires_at') });
    return updated === 1;
  }

  /** Undoes a claim whose warning could not be written, so it is tried again. */
  async releaseExpiryWarning(name: string, expiresAt: Date): Promise<void> {
    await this.#db(TABLE)
      .where({ name, expiry_warned_for: expiresAt })
      .update({ expiry_warned_for: null });
  }

  /** The soonest expiry among the given sandboxes, for Retry-After. */
  async soonestExpiry(
    names: string[],
    tx?: Knex.Transaction,
  ): Promise<Date | undefined> {
    if (names.length === 0) return undefined;
    const row = await (tx ?? this.#db)(TABLE)
      .whereIn('name', names)
      .min({ soonest: 'expires_at' })
      .first();
    return row?.soonest ? new Date(row.soonest) : undefined;
  }

  async #getIn(tx: Knex.Transaction, name: string) {
    const row = await tx<SandboxRow>(TABLE).where({ name }).first();
    return row ? rowToRecord(row) : undefined;
  }
}

async function lockRow(tx: Knex.Transaction, name: string) {
  const query = tx<SandboxRow>(TABLE).where({ name });
  // SQLite has one writer at a time; FOR UPDATE is PostgreSQL's row lock.
  if (
    tx.client.config.client !== 'better-sqlite3' &&
    tx.client.config.client !== 'sqlite3'
  ) {
    query.forUpdate();
  }
  return query.first();
}

/** PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_PRIMARYKEY / _UNIQUE. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}
