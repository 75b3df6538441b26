import type { KubeObject, WatchEventType } from '../types';

/** One change to stored state, as watchers and controllers see it. */
export interface StoreEvent {
  type: WatchEventType;
  /** The storage key of the resource ("pods", "deployments.apps"). */
  key: string;
  namespace: string;
  object: KubeObject;
  /** The object before a MODIFIED change or the last state before DELETED. */
  previous?: KubeObject;
  resourceVersion: number;
}

/**
 * A bounded, ordered log of recent events. Watches from a resourceVersion
 * replay from it; a resourceVersion older than the log answers "expired".
 */
export class EventHistory {
  #events: StoreEvent[] = [];
  #start = 0;
  /** Every event with a resourceVersion above this is still in the log. */
  #complete: number;
  readonly #limit: number;

  constructor(limit: number, startingResourceVersion = 0) {
    this.#limit = Math.max(1, limit);
    this.#complete = startingResourceVersion;
  }

  append(event: StoreEvent): void {
    this.#events.push(event);
    if (this.#events.length - this.#start > this.#limit) {
      this.#complete = this.#events[this.#start].resourceVersion;
      this.#start++;
      // Drop the consumed prefix in batches so appends stay O(1) amortized.
      if (this.#start > this.#limit) {
        this.#events = this.#events.slice(this.#start);
        this.#start = 0;
      }
    }
  }

  /** The oldest resourceVersion a watch may still start from. */
  get oldestResourceVersion(): number {
    return this.#complete;
  }

  /** Events after `resourceVersion`, or undefined when that part of history is gone. */
  since(resourceVersion: number): StoreEvent[] | undefined {
    if (resourceVersion < this.#complete) return undefined;
    let lo = this.#start;
    let hi = this.#events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#events[mid].resourceVersion <= resourceVersion) lo = mid + 1;
      else hi = mid;
    }
    return this.#events.slice(lo);
  }

  /** Forgets all history up to `resourceVersion` (the current one by default). */
  compact(resourceVersion: number): void {
    this.#events = this.#events.filter(
      e => e.resourceVersion > resourceVersion,
    );
    this.#start = 0;
    this.#complete = Math.max(this.#complete, resourceVersion);
  }
}
