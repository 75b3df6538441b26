import { LoggerService } from '@backstage/backend-plugin-api';
import { SandboxResource } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { KubernetesAdapter, WatchHandle } from './KubernetesAdapter';

/** Where the watcher delivers what it sees, in order, per cluster. @public */
export interface SandboxIndexHandler {
  /** A full list: every resource that exists now. */
  onSnapshot(
    cluster: string,
    items: SandboxResource[],
    listStartedAt: Date,
  ): Promise<void>;
  onChange(cluster: string, resource: SandboxResource): Promise<void>;
  onDelete(cluster: string, resource: SandboxResource): Promise<void>;
}

type WatchEnd = 'rewatch' | 'relist';

/**
 * One list-then-watch loop per cluster, the informer pattern: list, deliver
 * the snapshot, watch from the list's resourceVersion; relist on 410 Gone,
 * on a periodic resync and after the cluster was unreachable; reconnect with
 * backoff. Events are handled one at a time, in order.
 *
 * @public
 */
export class SandboxWatcher {
  readonly #adapter: KubernetesAdapter;
  readonly #handler: SandboxIndexHandler;
  readonly #logger: LoggerService;
  readonly #resyncMs: number;
  readonly #loops = new Map<string, Promise<void>>();
  #stopped = false;
  /** Ends each open watch and lets its loop see `#stopped`. */
  readonly #aborts = new Set<() => void>();
  readonly #wakers = new Set<() => void>();

  constructor(options: {
    adapter: KubernetesAdapter;
    handler: SandboxIndexHandler;
    logger: LoggerService;
    resyncMs: number;
  }) {
    this.#adapter = options.adapter;
    this.#handler = options.handler;
    this.#logger = options.logger;
    this.#resyncMs = options.resyncMs;
  }

  start(): void {
    this.#stopped = false;
    for (const cluster of this.#adapter.clusterNames()) {
      if (!this.#loops.has(cluster)) {
        this.#loops.set(cluster, this.#run(cluster));
      }
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const abort of this.#aborts) abort();
    for (const wake of this.#wakers) wake();
    await Promise.all(this.#loops.values());
    this.#loops.clear();
  }

  async #run(cluster: string): Promise<void> {
    let failures = 0;
    while (!this.#stopped) {
      try {
        const listStartedAt = new Date();
        const { items, resourceVersion } = await this.#adapter.listSandboxes(
          cluster,
        );
        if (this.#stopped) return;
        await this.#handler.onSnapshot(cluster, items, listStartedAt);
        this.#adapter.health.markReachable(cluster, true);
        failures = 0;
        let version = resourceVersion;
        const resyncAt = Date.now() + this.#resyncMs;
        let end: WatchEnd = 'rewatch';
        while (!this.#stopped && end === 'rewatch' && Date.now() < resyncAt) {
          const result = await this.#watch(cluster, version, resyncAt);
          end = result.end;
          version = result.version;
        }
      } catch (error) {
        if (this.#stopped) return;
        failures++;
        const message = error instanceof Error ? error.message : String(error);
        this.#adapter.health.markUnreachable(cluster, message);
        this.#logger.warn(
          `Sandbox watch on cluster '${cluster}' failed: ${message}`,
        );
        await this.#sleep(Math.min(250 * 2 ** (failures - 1), 5_000));
      }
    }
  }

  /** One watch connection; resolves when it ends and says what to do next. */
  #watch(
    cluster: string,
    fromVersion: string,
    resyncAt: number,
  ): Promise<{ end: WatchEnd; version: string }> {
    return new Promise((resolve, reject) => {
      let version = fromVersion;
      let queue: Promise<void> = Promise.resolve();
      let handle: WatchHandle | undefined;
      let gone = false;
      let finished = false;
      const timers: { resync?: NodeJS.Timeout } = {};
      let abort: () => void = () => {};
      const finish = (outcome: () => void) => {
        if (finished) return;
        finished = true;
        clearTimeout(timers.resync);
        this.#aborts.delete(abort);
        // Let queued events land before the loop lists or watches again.
        queue.then(outcome, reject);
      };
      timers.resync = setTimeout(() => {
        handle?.stop();
        finish(() => resolve({ end: 'relist', version }));
      }, Math.max(resyncAt - Date.now(), 0));
      abort = () => {
        handle?.stop();
        finish(() => resolve({ end: 'relist', version }));
      };
      this.#aborts.add(abort);
      const enqueue = (work: () => Promise<void>) => {
        queue = queue
          .then(work)
          .catch(error =>
            this.#logger.error(
              `Could not index a sandbox event from '${cluster}'`,
              error,
            ),
          );
      };
      this.#adapter
        .watchSandboxes(
          cluster,
          fromVersion,
          event => {
            if (event.type === 'ERROR') {
              // 410: history compacted past our version; only a relist helps.
              gone = event.status === 410;
              return;
            }
            if (event.type === 'BOOKMARK') {
              version = event.resourceVersion || version;
              return;
            }
            version = event.object.metadata.resourceVersion ?? version;
            const object = event.object;
            enqueue(() =>
              event.type === 'DELETED'
                ? this.#handler.onDelete(cluster, object)
                : this.#handler.onChange(cluster, object),
            );
          },
          failure => {
            if (failure?.status === 410 || gone) {
              finish(() => resolve({ end: 'relist', version }));
            } else if (failure) {
              finish(() => reject(new Error(failure.message)));
            } else {
              finish(() => resolve({ end: 'rewatch', version }));
            }
          },
        )
        .then(
          h => {
            handle = h;
            if (finished) h.stop();
          },
          error => finish(() => reject(error)),
        );
    });
  }

  #sleep(ms: number): Promise<void> {
    return new Promise(resolve => {
      const timers: { wake?: NodeJS.Timeout } = {};
      const wake = () => {
        clearTimeout(timers.wake);
        this.#wakers.delete(wake);
        resolve();
      };
      timers.wake = setTimeout(wake, ms);
      this.#wakers.add(wake);
    });
  }
}
