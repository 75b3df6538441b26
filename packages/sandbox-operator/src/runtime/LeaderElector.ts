import { KubeClient } from '../kube/KubeClient';
import { isConflict } from '../kube/errors';
import { resourceType } from '../kube/resources';
import { KubeObject } from '../kube/types';

const LEASE = resourceType('coordination.k8s.io/v1', 'Lease');

interface Lease extends KubeObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

/** Options of {@link LeaderElector}. */
export interface LeaderElectorOptions {
  /**
   * A client for lease calls only: no retries of its own and a request
   * timeout well under the renew deadline, so a stalled API server cannot
   * hold a round past the deadline.
   */
  client: KubeClient;
  namespace: string;
  name: string;
  identity: string;
  /** How long a lease is valid without renewal. Default 15 s. */
  leaseDurationSeconds?: number;
  /** Leadership is given up when renewal has failed this long. Default 10 s. */
  renewDeadlineMs?: number;
  /** How often to try to acquire or renew. Default 2 s. */
  retryPeriodMs?: number;
  onStartedLeading: () => void;
  onStoppedLeading: () => void;
  onError?: (error: unknown) => void;
  /** This replica's clock in ms, only ever compared with itself. Default: a monotonic clock. */
  now?: () => number;
}

/** metav1.MicroTime: RFC 3339 with microseconds. */
export function microTime(date = new Date()): string {
  return date.toISOString().replace(/Z$/, '000Z');
}

/**
 * Leader election on a coordination.k8s.io/v1 Lease, with client-go's
 * semantics: the holder renews the lease every retry period; another
 * replica takes it over once it has seen the lease record unchanged for
 * leaseDurationSeconds by its own clock (the renewTime written by the
 * holder's clock is never compared with ours, so skewed clocks cannot hand
 * the lease over early); a leader that has not renewed within the renew
 * deadline stops its workers, even while a request hangs. Every write
 * carries the resourceVersion it read, so two candidates can never both
 * win a round.
 */
export class LeaderElector {
  readonly #options: Required<Omit<LeaderElectorOptions, 'onError'>> &
    Pick<LeaderElectorOptions, 'onError'>;
  #leader = false;
  #lastRenew = 0;
  /** The lease record as last seen, and when (our clock) it last changed. */
  #observedRecord = '';
  #observedAt = 0;
  #deadlineTimer?: NodeJS.Timeout;
  #timer?: NodeJS.Timeout;
  #stopped = false;
  #round?: Promise<void>;

  constructor(options: LeaderElectorOptions) {
    this.#options = {
      leaseDurationSeconds: 15,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
      now: () => performance.now(),
      ...options,
    };
  }

  isLeader(): boolean {
    return this.#leader;
  }

  start() {
    this.#schedule(0);
  }

  /** Stops campaigning; a leader releases the lease so another takes over at once. */
  async stop(options: { release?: boolean } = {}) {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#deadlineTimer) clearTimeout(this.#deadlineTimer);
    await this.#round;
    if (this.#leader) {
      this.#setLeader(false);
      if (options.release === false) return;
      try {
        const lease = await this.#options.client.get<Lease>(
          LEASE,
          this.#options.name,
          this.#options.namespace,
        );
        if (lease?.spec?.holderIdentity === this.#options.identity) {
          await this.#options.client.replace({
            ...lease,
            spec: {
              ...lease.spec,
              holderIdentity: '',
              leaseDurationSeconds: 1,
              renewTime: microTime(),
            },
          });
        }
      } catch (error) {
        // The lease simply expires; nothing else to do.
        this.#options.onError?.(error);
      }
    }
  }

  #schedule(delayMs: number) {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#round = this.#tryAcquireOrRenew().finally(() =>
        this.#schedule(this.#options.retryPeriodMs),
      );
    }, delayMs);
    this.#timer.unref?.();
  }

  async #tryAcquireOrRenew() {
    const { client, name, namespace, identity, leaseDurationSeconds } =
      this.#options;
    try {
      const now = new Date();
      const lease = await client.get<Lease>(LEASE, name, namespace);
      if (this.#stopped) return;
      this.#observe(lease);
      if (!lease) {
        await client.create({
          apiVersion: LEASE.apiVersion,
          kind: LEASE.kind,
          metadata: { name, namespace },
          spec: {
            holderIdentity: identity,
            leaseDurationSeconds,
            acquireTime: microTime(now),
            renewTime: microTime(now),
            leaseTransitions: 0,
          },
        });
        this.#renewed();
        return;
      }
      const spec = lease.spec ?? {};
      const holder = spec.holderIdentity ?? '';
      const validUntil =
        this.#observedAt +
        (spec.leaseDurationSeconds ?? leaseDurationSeconds) * 1000;
      if (holder && holder !== identity && validUntil > this.#options.now()) {
        // Someone else holds a valid lease: whatever we thought, we are not leading.
        this.#setLeader(false);
        return;
      }
      const takingOver = holder !== identity;
      await client.replace({
        ...lease,
        spec: {
          ...spec,
          holderIdentity: identity,
          leaseDurationSeconds,
          renewTime: microTime(now),
          acquireTime: takingOver ? microTime(now) : spec.acquireTime,
          leaseTransitions: (spec.leaseTransitions ?? 0) + (takingOver ? 1 : 0),
        },
      });
      this.#renewed();
    } catch (error) {
      if (!isConflict(error)) this.#options.onError?.(error);
      this.#checkDeadline();
    }
  }

  /** Notes when the lease record last changed, by this replica's clock. */
  #observe(lease: Lease | undefined) {
    const record = JSON.stringify(lease?.spec ?? null);
    if (record !== this.#observedRecord) {
      this.#observedRecord = record;
      this.#observedAt = this.#options.now();
    }
  }

  #renewed() {
    this.#lastRenew = this.#options.now();
    // Our own write is a change we have seen.
    this.#observedRecord = '';
    if (this.#stopped) return;
    this.#setLeader(true);
    // Leadership ends at the deadline unless a renewal comes first, even
    // while a request is still waiting for an answer.
    if (this.#deadlineTimer) clearTimeout(this.#deadlineTimer);
    this.#deadlineTimer = setTimeout(
      () => this.#checkDeadline(),
      this.#options.renewDeadlineMs,
    );
    this.#deadlineTimer.unref?.();
  }

  #checkDeadline() {
    if (
      this.#leader &&
      this.#options.now() - this.#lastRenew >= this.#options.renewDeadlineMs
    ) {
      this.#setLeader(false);
    }
  }

  #setLeader(leader: boolean) {
    if (this.#leader === leader) return;
    this.#leader = leader;
    if (leader) this.#options.onStartedLeading();
    else this.#options.onStoppedLeading();
  }
}
