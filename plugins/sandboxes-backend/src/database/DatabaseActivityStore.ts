import { ActivityType } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { Knex } from 'knex';
import { toDate } from './rows';
import { ActivityEntry, ActivityEntryInput } from './types';

const TABLE = 'sandbox_activity';

interface ActivityRow {
  id: number | string;
  sandbox_name: string;
  type: string;
  actor: string;
  message: string;
  details: string | null;
  created_at: Date | string | number;
}

/**
 * The activity log. No foreign key to the index on purpose: entries outlive
 * their sandbox until the retention cleaner removes them.
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
  async list(sandbox: string, limit = 500): Promise<ActivityEntry[]> {
    const rows = await this.#db<ActivityRow>(TABLE)
      .where({ sandbox_name: sandbox })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map(row => ({
      id: String(row.id),
      sandbox: row.sandbox_name,
      type: row.type as ActivityType,
      actor: row.actor,
      message: row.message,
      details: row.details ? JSON.parse(row.details) : undefined,
      at: toDate(row.created_at),
    }));
  }

  /** Removes entries older than `before`; returns how many. */
  async deleteOlderThan(before: Date): Promise<number> {
    return this.#db(TABLE).where('created_at', '<', before).delete();
  }
}
