/** Options of {@link WorkQueue}. */
export interface WorkQueueOptions {
  /** First retry delay after a failure. Default 200 ms. */
  baseDelayMs?: number;
  /** Longest retry delay. Default 60 s. */
  maxDelayMs?: number;
  /** Called when the number of waiting keys changes. */
  onDepthChange?: (depth: number) => void;
}

/**
 * A work queue in the manner of client-go's: a key is queued at most once
 * however often it is added, is never processed by two workers at once (a
 * key added while it is processed is queued again when that ends), failures
 * are retried with exponential backoff and jitter, and keys can be added
 * after a delay (the earliest pending delay wins).
 */
export class WorkQueue {
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #onDepthChange?: (depth: number) => void;
  /** Keys waiting to be processed, in order. A Set keeps insertion order. */
  readonly #queue = new Set<string>();
  readonly #processing = new Set<string>();
  /** Keys added while being processed. */
  readonly #dirty = new Set<string>();
  readonly #failures = new Map<string, number>();
  readonly #timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  #waiters: Array<() => void> = [];
  #shutDown = false;

  constructor(options: WorkQueueOptions = {}) {
    this.#baseDelayMs = options.baseDelayMs ?? 200;
    this.#maxDelayMs = options.maxDelayMs ?? 60_000;
    this.#onDepthChange = options.onDepthChange;
  }

  get depth(): number {
    return this.#queue.size;
  }

  add(key: string) {
    if (this.#shutDown) return;
    if (this.#processing.has(key)) {
      this.#dirty.add(key);
      return;
    }
    if (this.#queue.has(key)) return;
    this.#queue.add(key);
    this.#onDepthChange?.(this.#queue.size);
    this.#waiters.shift()?.();
  }

  /** Adds the key after delayMs, unless an earlier add is already pending. */
  addAfter(key: string, delayMs: number) {
    if (this.#shutDown) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    // setTimeout overflows above 2^31-1 ms; a periodic resync covers the rest.
    const delay = Math.min(delayMs, 2 ** 31 - 1);
    const at = Date.now() + delay;
    const pending = this.#timers.get(key);
    if (pending && pending.at <= at) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.#timers.delete(key);
      this.add(key);
    }, delay);
    timer.unref?.();
    this.#timers.set(key, { at, timer });
  }

  /** Requeues after a failure, waiting longer each consecutive time. */
  addRateLimited(key: string) {
    const failures = (this.#failures.get(key) ?? 0) + 1;
    this.#failures.set(key, failures);
    const exponential = Math.min(
      this.#maxDelayMs,
      this.#baseDelayMs * 2 ** Math.min(failures - 1, 20),
    );
    // Full jitter on the upper half keeps many failing keys from retrying in step.
    this.addAfter(key, exponential / 2 + (Math.random() * exponential) / 2);
  }

  /** Forgets the failure count of a key after it succeeded. */
  forget(key: string) {
    this.#failures.delete(key);
  }

  /** Waits for the next key; undefined once shut down. */
  async get(): Promise<string | undefined> {
    while (!this.#shutDown && this.#queue.size === 0) {
      await new Promise<void>(resolve => this.#waiters.push(resolve));
    }
    if (this.#shutDown) return undefined;
    const key = this.#queue.values().next().value as string;
    this.#queue.delete(key);
    this.#processing.add(key);
    this.#onDepthChange?.(this.#queue.size);
    return key;
  }

  /** Marks a key processed; requeues it if it was added meanwhile. */
  done(key: string) {
    this.#processing.delete(key);
    if (this.#dirty.delete(key)) this.add(key);
  }

  shutDown() {
    this.#shutDown = true;
    for (const { timer } of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#queue.clear();
    for (const wake of this.#waiters) wake();
    this.#waiters = [];
  }
}
