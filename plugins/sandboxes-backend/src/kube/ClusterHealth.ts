/** Reachability of one cluster as this replica last saw it. @public */
export interface ClusterState {
  name: string;
  reachable: boolean;
  /** When the index was last fully in step with the cluster (a list or watch). */
  lastSyncAt?: string;
  lastError?: string;
}

/**
 * Reachability per cluster, fed by the watch and by every call. Readiness and
 * the `stale` flag of listed sandboxes read it.
 *
 * @public
 */
export class ClusterHealth {
  readonly #states = new Map<string, ClusterState>();

  constructor(clusterNames: string[]) {
    for (const name of clusterNames) {
      // Unknown until the first list answers: not ready, and listed rows stale.
      this.#states.set(name, {
        name,
        reachable: false,
        lastError: 'not contacted yet',
      });
    }
  }

  markReachable(cluster: string, synced = false): void {
    const state = this.#states.get(cluster);
    if (!state) return;
    state.reachable = true;
    state.lastError = undefined;
    if (synced) state.lastSyncAt = new Date().toISOString();
  }

  markUnreachable(cluster: string, error: string): void {
    const state = this.#states.get(cluster);
    if (!state) return;
    state.reachable = false;
    state.lastError = error;
  }

  isReachable(cluster: string): boolean {
    return this.#states.get(cluster)?.reachable ?? false;
  }

  all(): ClusterState[] {
    return [...this.#states.values()].map(s => ({ ...s }));
  }
}
