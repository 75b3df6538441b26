import { Knex } from 'knex';
import { QuotaScope } from './types';

const TABLE = 'sandbox_quota_slots';

/** Which scope had no free slot. @public */
export interface QuotaRefusal {
  scope: QuotaScope;
  /** Sandboxes holding that scope's slots (for the Retry-After estimate). */
  holders: string[];
}

/**
 * Quota slots: a scope with limit N has rows (scope, 0..N-1), and the primary
 * key lets only one sandbox hold each. Taking a slot is an insert that does
 * nothing on conflict, so concurrent creates on any number of replicas can
 * never exceed a limit (no read-then-write window).
 *
 * @public
 */
export class DatabaseQuotaStore {
  readonly #db: Knex;

  constructor(db: Knex) {
    this.#db = db;
  }

  /**
   * Takes one slot in each scope inside the caller's transaction. Scopes are
   * taken in key order so two transactions never wait on each other in a
   * cycle. Returns the refusal for the first full scope (the caller rolls
   * back), or undefined when every slot was taken.
   */
  async reserve(
    tx: Knex.Transaction,
    sandboxName: string,
    scopes: QuotaScope[],
    now: Date,
  ): Promise<QuotaRefusal | undefined> {
    const sorted = [...scopes].sort((a, b) => a.key.localeCompare(b.key));
    for (const scope of sorted) {
      const taken = await this.#takeSlot(tx, sandboxName, scope, now);
      if (!taken) {
        const holders = await tx(TABLE)
          .where({ scope: scope.key })
          .select<Array<{ sandbox_name: string }>>('sandbox_name');
        return { scope, holders: holders.map(h => h.sandbox_name) };
      }
    }
    return undefined;
  }

  async #takeSlot(
    tx: Knex.Transaction,
    sandboxName: string,
    scope: QuotaScope,
    now: Date,
  ): Promise<boolean> {
    const existing = await tx(TABLE)
      .where({ scope: scope.key })
      .select<Array<{ slot: number; sandbox_name: string }>>(
        'slot',
        'sandbox_name',
      );
    if (existing.some(s => s.sandbox_name === sandboxName)) return true;
    const used = new Set(existing.map(s => Number(s.slot)));
    for (let slot = 0; slot < scope.limit; slot++) {
      if (used.has(slot)) continue;
      // A concurrent transaction may take the same slot between our read and
      // this insert; the key then makes ours a no-op and we try the next one.
      await tx(TABLE)
        .insert({
          scope: scope.key,
          slot,
          sandbox_name: sandboxName,
          reserved_at: now,
        })
        .onConflict(['scope', 'slot'])
        .ignore();
      const holder = await tx(TABLE)
        .where({ scope: scope.key, slot })
        .first<{ sandbox_name: string } | undefined>('sandbox_name');
      if (holder?.sandbox_name === sandboxName) return true;
    }
    return false;
  }

  /** Frees a sandbox's slot in one scope. */
  async releaseScope(
    tx: Knex.Transaction,
    sandboxName: string,
    scope: QuotaScope,
  ): Promise<void> {
    await tx(TABLE)
      .where({ sandbox_name: sandboxName, scope: scope.key })
      .delete();
  }

  /** Frees every slot a sandbox holds. */
  async release(sandboxName: string, tx?: Knex.Transaction): Promise<void> {
    await (tx ?? this.#db)(TABLE).where({ sandbox_name: sandboxName }).delete();
  }

  async slotsOf(sandboxName: string): Promise<string[]> {
    const rows = await this.#db(TABLE)
      .where({ sandbox_name: sandboxName })
      .select<Array<{ scope: string }>>('scope');
    return rows.map(r => r.scope);
  }

  transaction<T>(fn: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.#db.transaction(fn);
  }
}
