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
}

/** metav1.MicroTime: RFC 3339 with microseconds. */
export function microTime(date = new Date()): string {
  return date.toISOString().replace(/Z$/, '000Z');
}

/**
 * Leader election on a coordination.k8s.io/v1 Lease, as client-go does it:
 * the holder renews the lease every retry period; others take it over once
 * it has not been renewed for leaseDurationSeconds. Every write carries the
 * resourceVersion it read, so two candidates can never both win a round.
 */
export class LeaderElector {
  readonly #options: Required<Omit<LeaderElectorOptions, 'onError'>> &
    Pick<LeaderElectorOptions, 'onError'>;
  #leader = false;
  #lastRenew = 0;
  #timer?: NodeJS.Timeout;
  #stopped = false;
  #round?: Promise<void>;

  constructor(options: LeaderElectorOptions) {
    this.#options = {
      leaseDurationSeconds: 15,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
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
      const renewedAt = spec.renewTime ? Date.parse(spec.renewTime) : 0;
      const validUntil =
        renewedAt + (spec.leaseDurationSeconds ?? leaseDurationSeconds) * 1000;
      if (holder && holder !== identity && validUntil > now.getTime()) {
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

  #renewed() {
    this.#lastRenew = Date.now();
    if (!this.#stopped) this.#setLeader(true);
  }

  #checkDeadline() {
    if (
      this.#leader &&
      Date.now() - this.#lastRenew > this.#options.renewDeadlineMs
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
