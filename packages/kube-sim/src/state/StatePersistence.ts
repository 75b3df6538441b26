import fs from 'node:fs';
import type { ObjectStore, StoreSnapshot } from '../storage/ObjectStore';

/**
 * Keeps the store in a JSON file: loaded on start, written (debounced,
 * atomically through a temporary file) after changes.
 */
export class StatePersistence {
  readonly #path: string;
  readonly #store: ObjectStore;
  readonly #debounceMs: number;
  #timer?: NodeJS.Timeout;
  #unsubscribe?: () => void;

  constructor(path: string, store: ObjectStore, debounceMs = 250) {
    this.#path = path;
    this.#store = store;
    this.#debounceMs = debounceMs;
  }

  /** Loads the file when it exists; returns whether state was loaded. */
  load(): boolean {
    if (!fs.existsSync(this.#path)) return false;
    const snapshot = JSON.parse(
      fs.readFileSync(this.#path, 'utf8'),
    ) as StoreSnapshot;
    this.#store.load(snapshot);
    return true;
  }

  start(): void {
    this.#unsubscribe = this.#store.subscribe(() => this.#schedule());
  }

  #schedule(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.flush();
    }, this.#debounceMs);
  }

  /** Writes the current state now. */
  flush(): void {
    const tmp = `${this.#path}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.#store.snapshot()));
    fs.renameSync(tmp, this.#path);
  }

  stop(): void {
    this.#unsubscribe?.();
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.flush();
    }
  }
}
