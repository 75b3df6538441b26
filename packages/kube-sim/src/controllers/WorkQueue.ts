import { StatusError } from '../errors/StatusError';

const MAX_RETRIES = 5;

/**
 * A deduplicating work queue: a key queued several times before it runs is
 * processed once. Conflicts and transient errors are retried, as
 * controllers on a real cluster do.
 */
export class WorkQueue {
  readonly #pending = new Map<string, NodeJS.Timeout>();
  readonly #failures = new Map<string, number>();
  readonly #process: (key: string) => void;
  #stopped = false;

  constructor(process: (key: string) => void) {
    this.#process = process;
  }

  add(key: string, delayMs = 0): void {
    if (this.#stopped || this.#pending.has(key)) return;
    const timer = setTimeout(() => {
      this.#pending.delete(key);
      if (this.#stopped) return;
      try {
        this.#process(key);
        this.#failures.delete(key);
      } catch (error) {
        if (error instanceof StatusError && error.code === 404) return;
        // Conflicts are retried until they resolve; other errors a few times.
        const failures = (this.#failures.get(key) ?? 0) + 1;
        const conflict = error instanceof StatusError && error.code === 409;
        if (!conflict && failures > MAX_RETRIES) {
          this.#failures.delete(key);
          return;
        }
        this.#failures.set(key, failures);
        this.add(key, Math.min(1000, 10 * 2 ** Math.min(failures, 6)));
      }
    }, delayMs);
    timer.unref?.();
    this.#pending.set(key, timer);
  }

  get size(): number {
    return this.#pending.size;
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
  }

  clear(): void {
    for (const timer of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
    this.#failures.clear();
  }
}
