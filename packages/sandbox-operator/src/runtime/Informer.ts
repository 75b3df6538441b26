import { KubeClient } from '../kube/KubeClient';
import { KubeApiError } from '../kube/errors';
import { ResourceType } from '../kube/resources';
import { KubeObjectLike } from '../kube/types';

/** What an informer tells its listener. */
export type InformerEvent<T> =
  | { type: 'upsert'; object: T; previous?: T }
  | { type: 'delete'; object: T };

/** Options of {@link Informer}. */
export interface InformerOptions<T extends KubeObjectLike> {
  client: KubeClient;
  type: ResourceType;
  /** Only this namespace's objects (a namespaced list and watch). */
  namespace?: string;
  labelSelector?: string;
  /**
   * Keeps only what the operator reads, so 10,000 sandboxes' children fit
   * in memory. Applied before caching.
   */
  transform?: (object: T) => T;
  onEvent: (event: InformerEvent<T>) => void;
  onError?: (error: unknown) => void;
  /** Server-side watch timeout, jittered. Default 300 s. */
  watchTimeoutSeconds?: number;
  /**
   * A watch that delivers nothing (no event, no bookmark) for this long is
   * taken for dead (a connection a proxy dropped without closing it) and
   * restarted from the last resourceVersion. Default 300 s.
   */
  watchSilenceMs?: number;
}

/** The cache key of an object: namespace/name, or name when cluster-scoped. */
export function objectKey(object: KubeObjectLike): string {
  return object.metadata.namespace
    ? `${object.metadata.namespace}/${object.metadata.name}`
    : object.metadata.name!;
}

/**
 * List, then watch from the list's resourceVersion, keeping a cache. When
 * the watch ends, or stays silent too long, it resumes from the last seen
 * resourceVersion (bookmarks keep that fresh); only when history was
 * compacted (410 Gone) does it list again, reporting the differences,
 * including objects that vanished meanwhile, as events. Other failures
 * retry the watch with backoff.
 */
export class Informer<T extends KubeObjectLike> {
  readonly #options: InformerOptions<T>;
  readonly #cache = new Map<string, T>();
  /** Keys per namespace, so one sandbox's children are found without a scan. */
  readonly #byNamespace = new Map<string, Set<string>>();
  #resourceVersion = '';
  #watch?: { stop(): void };
  #stopped = false;
  #synced = false;
  #syncedWaiters: Array<() => void> = [];
  #failures = 0;
  #retryTimer?: NodeJS.Timeout;

  constructor(options: InformerOptions<T>) {
    this.#options = options;
  }

  get synced(): boolean {
    return this.#synced;
  }

  start() {
    this.#relist();
  }

  stop() {
    this.#stopped = true;
    this.#watch?.stop();
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    for (const wake of this.#syncedWaiters) wake();
  }

  /** Resolves once the first list has filled the cache. */
  waitForSync(): Promise<void> {
    if (this.#synced || this.#stopped) return Promise.resolve();
    return new Promise(resolve => this.#syncedWaiters.push(resolve));
  }

  get(key: string): T | undefined {
    return this.#cache.get(key);
  }

  list(): T[] {
    return [...this.#cache.values()];
  }

  /** Cached objects of one namespace. */
  listNamespace(namespace: string): T[] {
    const keys = this.#byNamespace.get(namespace);
    return keys ? [...keys].map(k => this.#cache.get(k)!).filter(Boolean) : [];
  }

  #put(key: string, object: T) {
    this.#cache.set(key, object);
    const ns = object.metadata.namespace;
    if (ns) {
      let keys = this.#byNamespace.get(ns);
      if (!keys) this.#byNamespace.set(ns, (keys = new Set()));
      keys.add(key);
    }
  }

  #remove(key: string, object: T) {
    this.#cache.delete(key);
    const ns = object.metadata.namespace;
    const keys = ns ? this.#byNamespace.get(ns) : undefined;
    if (keys) {
      keys.delete(key);
      if (keys.size === 0) this.#byNamespace.delete(ns!);
    }
  }

  #store(object: T): T {
    return this.#options.transform ? this.#options.transform(object) : object;
  }

  async #relist() {
    if (this.#stopped) return;
    try {
      const { items, resourceVersion } = await this.#options.client.list<T>(
        this.#options.type,
        {
          namespace: this.#options.namespace,
          labelSelector: this.#options.labelSelector,
          transform: this.#options.transform,
        },
      );
      if (this.#stopped) return;
      const seen = new Set<string>();
      for (const object of items) {
        const key = objectKey(object);
        seen.add(key);
        const previous = this.#cache.get(key);
        this.#put(key, object);
        if (
          !previous ||
          previous.metadata.resourceVersion !== object.metadata.resourceVersion
        ) {
          this.#options.onEvent({ type: 'upsert', object, previous });
        }
      }
      for (const [key, object] of this.#cache) {
        if (!seen.has(key)) {
          this.#remove(key, object);
          this.#options.onEvent({ type: 'delete', object });
        }
      }
      this.#resourceVersion = resourceVersion;
      this.#failures = 0;
      if (!this.#synced) {
        this.#synced = true;
        for (const wake of this.#syncedWaiters) wake();
        this.#syncedWaiters = [];
      }
      this.#startWatch();
    } catch (error) {
      this.#options.onError?.(error);
      this.#retryLater(() => this.#relist());
    }
  }

  #retryLater(action: () => void) {
    if (this.#stopped) return;
    this.#failures++;
    const delay = Math.min(30_000, 100 * 2 ** Math.min(this.#failures, 8));
    this.#retryTimer = setTimeout(action, delay * (0.5 + Math.random()));
    this.#retryTimer.unref?.();
  }

  #startWatch() {
    if (this.#stopped) return;
    const base = this.#options.watchTimeoutSeconds ?? 300;
    let receivedEvent = false;
    let silent = false;
    let silenceTimer: NodeJS.Timeout | undefined;
    const listen = () => {
      if (silenceTimer) clearTimeout(silenceTimer);
      silenceTimer = setTimeout(() => {
        silent = true;
        this.#watch?.stop();
      }, this.#options.watchSilenceMs ?? 300_000);
      silenceTimer.unref?.();
    };
    listen();
    const startedAt = Date.now();
    this.#watch = this.#options.client.watch<T>(
      this.#options.type,
      {
        resourceVersion: this.#resourceVersion,
        namespace: this.#options.namespace,
        labelSelector: this.#options.labelSelector,
        timeoutSeconds: Math.round(base * (0.9 + Math.random() * 0.2)),
      },
      event => {
        receivedEvent = true;
        listen();
        this.#handle(event.type, event.object);
      },
      error => {
        if (silenceTimer) clearTimeout(silenceTimer);
        if (this.#stopped) return;
        if (silent) {
          this.#options.onError?.(
            new Error(
              `watch of ${this.#options.type.kind} silent; resuming from ${
                this.#resourceVersion
              }`,
            ),
          );
          this.#retryLater(() => this.#startWatch());
        } else if (error instanceof KubeApiError && error.statusCode === 410) {
          // History compacted: only a fresh list can tell what changed.
          this.#relist();
        } else if (error) {
          this.#options.onError?.(error);
          this.#retryLater(() => this.#startWatch());
        } else if (receivedEvent || Date.now() - startedAt > 5_000) {
          // A clean end (timeout or server close): resume where we were.
          this.#failures = 0;
          this.#startWatch();
        } else {
          // Closed at once with nothing said: back off rather than spin.
          this.#retryLater(() => this.#startWatch());
        }
      },
    );
  }

  #handle(type: string, raw: T) {
    if (type === 'BOOKMARK') {
      this.#resourceVersion =
        raw.metadata.resourceVersion ?? this.#resourceVersion;
      return;
    }
    const object = this.#store({
      apiVersion: this.#options.type.apiVersion,
      kind: this.#options.type.kind,
      ...raw,
    });
    this.#resourceVersion =
      object.metadata.resourceVersion ?? this.#resourceVersion;
    const key = objectKey(object);
    if (type === 'DELETED') {
      this.#remove(key, this.#cache.get(key) ?? object);
      this.#options.onEvent({ type: 'delete', object });
      return;
    }
    const previous = this.#cache.get(key);
    this.#put(key, object);
    this.#options.onEvent({ type: 'upsert', object, previous });
  }
}
