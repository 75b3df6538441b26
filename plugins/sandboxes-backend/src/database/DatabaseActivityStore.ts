import { ActivityType } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { Knex } from 'knex';
import { toDate } from './rows';
import {
  ActivityEntry,
  ActivityEntryInput,
  ActivityIncarnation,
} from './types';

const TABLE = 'sandbox_activity';

interface ActivityRow {
  id: number | string;
  sandbox_name: string;
  sandbox_uid: string | null;
  type: string;
  actor: string;
  message: string;
  details: string | null;
  created_at: Date | string | number;
}

/** Which timeline: one sandbox by uid, or a name's entries from before uids were kept. */
export type ActivityKey = { uid: string } | { name: string; uid: null };

/**
 * The activity log, keyed by the sandbox's uid (a name can be taken again).
 * No foreign key to the index on purpose: entries outlive their sandbox
 * until the retention cleaner removes them.
 *
 * @public
 */
export class DatabaseActivityStore {
  readonly #db: Knex;

  constructor(db: Knex) {
    this.#db = db;
  }

  async add(entry: ActivityEntryInput): Promise<ActivityEntry> {
    const at = entry.at ?? new Date();
    const [inserted] = await this.#db(TABLE)
      .insert({
        sandbox_name: entry.sandbox,
        sandbox_uid: entry.sandboxUid ?? null,
        type: entry.type,
        actor: entry.actor,
        message: entry.message,
        details: entry.details ? JSON.stringify(entry.details) : null,
        created_at: at,
      })
      .returning('id');
    const id = typeof inserted === 'object' ? inserted.id : inserted;
    return { ...entry, id: String(id), at };
  }

  /** Newest first. */
  async list(key: ActivityKey, limit = 500): Promise<ActivityEntry[]> {
    const query = this.#db<ActivityRow>(TABLE);
    if (key.uid === null) {
      query.where({ sandbox_name: key.name }).whereNull('sandbox_uid');
    } else {
      query.where({ sandbox_uid: key.uid });
    }
    const rows = await query
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map(row => ({
      id: String(row.id),
      sandbox: row.sandbox_name,
      sandboxUid: row.sandbox_uid ?? undefined,
      type: row.type as ActivityType,
      actor: row.actor,
      message: row.message,
      details: row.details ? JSON.parse(row.details) : undefined,
      at: toDate(row.created_at),
    }));
  }

  /**
   * Every sandbox that had this name and still has entries, newest first,
   * with the owner its 'created' entry names.
   */
  async incarnations(name: string): Promise<ActivityIncarnation[]> {
    const spans: Array<{
      sandbox_uid: string | null;
      first_at: Date | string | number;
      last_at: Date | string | number;
    }> = await this.#db(TABLE)
      .where({ sandbox_name: name })
      .groupBy('sandbox_uid')
      .select('sandbox_uid')
      .min({ first_at: 'created_at' })
      .max({ last_at: 'created_at' });
    const created = await this.#db<ActivityRow>(TABLE)
      .where({ sandbox_name: name, type: 'created' })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .select('sandbox_uid', 'details');
    const owners = new Map<string | null, string>();
    for (const row of created) {
      const owner = row.details ? JSON.parse(row.details).owner : undefined;
      if (typeof owner === 'string' && !owners.has(row.sandbox_uid)) {
        owners.set(row.sandbox_uid, owner);
      }
    }
    return spans
      .map(span => ({
        uid: span.sandbox_uid ?? undefined,
        owner: owners.get(span.sandbox_uid ?? null),
        firstAt: toDate(span.first_at),
        lastAt: toDate(span.last_at),
      }))
      .sort((a, b) => b.lastAt.getTime() - a.lastAt.getTime());
  }

  /** Removes entries older than `before`; returns how many. */
  async deleteOlderThan(before: Date): Promise<number> {
    return this.#db(TABLE).where('created_at', '<', before).delete();
  }
}
