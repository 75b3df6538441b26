import type { ApiServer } from '../api/ApiServer';
import { hardOf, usedIn } from '../admission/resourceQuota';
import type { Controller } from './Controller';
import { WorkQueue } from './WorkQueue';
import { writeStatus } from './workloadHelpers';

const MANAGER = 'kube-controller-manager';

/**
 * The resource quota controller: keeps every ResourceQuota's status.hard
 * equal to its spec.hard and status.used equal to what the namespace's
 * objects use, recomputed when anything in a namespace with quotas changes.
 */
export class QuotaController implements Controller {
  readonly #api: ApiServer;
  readonly #queue: WorkQueue;
  readonly #unsubscribe: () => void;

  constructor(api: ApiServer) {
    this.#api = api;
    this.#queue = new WorkQueue(namespace => this.#sync(namespace));
    this.#unsubscribe = api.store.subscribe(event => {
      if (!event.namespace) return;
      if (
        event.key === 'resourcequotas' ||
        api.store.count('resourcequotas', event.namespace) > 0
      )
        this.#queue.add(event.namespace);
    });
  }

  #sync(namespace: string): void {
    const rt = this.#api.registry.lookup('', 'v1', 'resourcequotas')!;
    for (const quota of this.#api.store.list('resourcequotas', namespace)) {
      if (quota.metadata.deletionTimestamp) continue;
      const hard = hardOf(quota);
      writeStatus(
        this.#api,
        rt,
        quota,
        { hard, used: usedIn(this.#api.store, namespace, quota) },
        MANAGER,
      );
    }
  }

  stop(): void {
    this.#unsubscribe();
    this.#queue.stop();
  }

  clear(): void {
    this.#queue.clear();
  }
}
