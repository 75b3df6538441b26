import { CustomErrorBase } from '@backstage/errors';
import { Knex } from 'knex';
import { SandboxesConfig } from '../config';
import { DatabaseQuotaStore } from '../database/DatabaseQuotaStore';
import { DatabaseSandboxStore } from '../database/DatabaseSandboxStore';
import { QuotaScope } from '../database/types';

/**
 * Over quota: answered 429 with a Retry-After (the error handler reads
 * `statusCode`; the router copies `retryAfterSeconds` into the header).
 *
 * @public
 */
export class QuotaExceededError extends CustomErrorBase {
  name = 'QuotaExceededError' as const;
  readonly statusCode = 429;
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Who a new sandbox is for, as quotas see it. @public */
export interface QuotaSubject {
  owner: string;
  /** Group refs the owner belongs to (from their ownership refs). */
  groups: string[];
  template: string;
  /** The size, for per-size quotas. */
  size?: string;
}

/**
 * Concurrent-sandbox quotas per user and per group, with per-template
 * overrides. Every sandbox holds one slot per scope until it is deleted
 * (suspended sandboxes still count: they keep their namespace and volumes).
 *
 * @public
 */
export class QuotaService {
  readonly #config: SandboxesConfig['quotas'];
  readonly #slots: DatabaseQuotaStore;
  readonly #sandboxes: DatabaseSandboxStore;

  constructor(options: {
    config: SandboxesConfig['quotas'];
    slots: DatabaseQuotaStore;
    sandboxes: DatabaseSandboxStore;
  }) {
    this.#config = options.config;
    this.#slots = options.slots;
    this.#sandboxes = options.sandboxes;
  }

  scopes(subject: QuotaSubject): QuotaScope[] {
    const override = this.#config.perTemplate[subject.template];
    const scopes: QuotaScope[] = [
      {
        key: `user:${subject.owner}`,
        description: 'per-user quota',
        limit: this.#config.perUser,
      },
      ...subject.groups.map(group => ({
        key: `group:${group}`,
        description: `per-group quota of ${group}`,
        limit: this.#config.perGroup,
      })),
    ];
    if (override?.perUser !== undefined) {
      scopes.push({
        key: `user:${subject.owner}|template:${subject.template}`,
        description: `per-user quota for template '${subject.template}'`,
        limit: override.perUser,
      });
    }
    if (override?.perGroup !== undefined) {
      for (const group of subject.groups) {
        scopes.push({
          key: `group:${group}|template:${subject.template}`,
          description: `per-group quota of ${group} for template '${subject.template}'`,
          limit: override.perGroup,
        });
      }
    }
    const sizeScope = this.#sizeScope(subject.owner, subject.size);
    if (sizeScope) scopes.push(sizeScope);
    return scopes;
  }

  #sizeScope(owner: string, size: string | undefined): QuotaScope | undefined {
    const limit = size ? this.#config.perSize[size]?.perUser : undefined;
    if (limit === undefined) return undefined;
    return {
      key: `user:${owner}|size:${size}`,
      description: `per-user quota for size '${size}'`,
      limit,
    };
  }

  /**
   * A sandbox moves from one size to another: it gives back its slot of
   * the old size and takes one of the new, or nothing changes and a
   * QuotaExceededError names the sandboxes holding the new size's slots
   * (making one of them smaller, or deleting it, frees the room).
   */
  async changeSize(
    sandboxName: string,
    owner: string,
    from: string | undefined,
    to: string,
  ): Promise<void> {
    const previous = this.#sizeScope(owner, from);
    const next = this.#sizeScope(owner, to);
    await this.#slots.transaction(async tx => {
      if (previous) await this.#slots.releaseScope(tx, sandboxName, previous);
      if (!next) return;
      const refusal = await this.#slots.reserve(
        tx,
        sandboxName,
        [next],
        new Date(),
      );
      if (refusal) {
        throw new QuotaExceededError(
          `Over the ${next.description}: at most ${next.limit} at a time. ` +
            `Make ${refusal.holders.join(
              ' or ',
            )} smaller, or delete it, to free the room.`,
          60,
        );
      }
    });
  }

  /** Takes a slot in every scope inside `tx`, or throws QuotaExceededError. */
  async reserve(
    tx: Knex.Transaction,
    sandboxName: string,
    subject: QuotaSubject,
    now: Date,
  ) {
    const refusal = await this.#slots.reserve(
      tx,
      sandboxName,
      this.scopes(subject),
      now,
    );
    if (!refusal) return;
    const soonest = await this.#sandboxes.soonestExpiry(refusal.holders, tx);
    const seconds = soonest
      ? Math.max(Math.ceil((soonest.getTime() - now.getTime()) / 1000), 1)
      : 60;
    throw new QuotaExceededError(
      `Over the ${refusal.scope.description}: at most ${refusal.scope.limit} sandboxes at a time. ` +
        `Delete one you no longer need, or wait: the soonest frees up in about ${Math.ceil(
          seconds / 60,
        )} minute(s).`,
      seconds,
    );
  }

  /**
   * Before a resume: a sandbox that lost its slots (released when deletion
   * was requested, or created outside the API) must fit in its quotas again.
   */
  async ensureHeld(sandboxName: string, subject: QuotaSubject): Promise<void> {
    const held = new Set(await this.#slots.slotsOf(sandboxName));
    if (this.scopes(subject).every(s => held.has(s.key))) return;
    await this.#slots.transaction(tx =>
      this.reserve(tx, sandboxName, subject, new Date()),
    );
  }

  release(sandboxName: string): Promise<void> {
    return this.#slots.release(sandboxName);
  }

  transaction<T>(fn: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.#slots.transaction(fn);
  }
}
