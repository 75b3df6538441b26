import {
  AutoscalerDecision,
  AutoscalerSandboxStatus,
  AutoscalerStore,
  ClusterStatus,
  CycleRecord,
} from './AutoscalerStore';
import { FleetSavings, SandboxSavings, summarizeSavings } from './savings';

/** What the UI shows about one sandbox under "Autoscaler". */
export interface SandboxAutoscalerStatus {
  sandbox: string;
  status: AutoscalerSandboxStatus | 'unknown';
  /** For people: "Autoscaler paused: metrics unavailable (…)". */
  message: string;
  /** The last action with its reason and evidence (query, value, window, time). */
  lastDecision?: AutoscalerDecision;
  idleWarnedAt?: string;
  savings?: SandboxSavings;
  updatedAt?: string;
}

export interface ClusterAutoscalerStatus {
  cluster: string;
  healthy: boolean;
  message: string;
  source?: string;
  query?: string;
  lastCycleAt: string;
  lastSuccessAt?: string;
}

const iso = (ms: number | undefined) =>
  ms === undefined ? undefined : new Date(ms).toISOString();

function clusterStatus(status: ClusterStatus): ClusterAutoscalerStatus {
  return {
    ...status,
    lastCycleAt: new Date(status.lastCycleAt).toISOString(),
    lastSuccessAt: iso(status.lastSuccessAt),
  };
}

/**
 * Read side of the autoscaler for the router: per-sandbox status and last
 * decision, per-cluster health, savings. Works on every backend replica.
 */
export class AutoscalerStatusService {
  readonly #store: AutoscalerStore;
  readonly #clock: () => Date;

  static create(options: { store: AutoscalerStore; clock?: () => Date }) {
    return new AutoscalerStatusService(options.store, options.clock);
  }

  private constructor(store: AutoscalerStore, clock?: () => Date) {
    this.#store = store;
    this.#clock = clock ?? (() => new Date());
  }

  async getSandboxStatus(sandbox: string): Promise<SandboxAutoscalerStatus> {
    const state = await this.#store.getState(sandbox);
    const [savings] = summarizeSavings(
      await this.#store.listSavings({ sandbox }),
      this.#clock().getTime(),
    ).sandboxes;
    if (!state) {
      return {
        sandbox,
        status: 'unknown',
        message: 'The autoscaler has not looked at this sandbox yet',
        savings,
      };
    }
    const cluster = (await this.#store.getClusterStatuses()).find(
      c => c.cluster === state.cluster,
    );
    return {
      sandbox,
      status: state.status,
      // A cluster-wide outage is said first: it explains every sandbox there.
      message:
        cluster && !cluster.healthy && state.status !== 'suspended'
          ? cluster.message
          : state.statusMessage,
      lastDecision: state.lastDecision,
      idleWarnedAt: iso(state.idleWarnedAt),
      savings,
      updatedAt: iso(state.updatedAt),
    };
  }

  async getClusterStatuses(): Promise<ClusterAutoscalerStatus[]> {
    return (await this.#store.getClusterStatuses()).map(clusterStatus);
  }

  /** Capacity avoided per sandbox and fleet-wide, open intervals counted up to now. */
  async getSavings(filter?: {
    cluster?: string;
    owner?: string;
  }): Promise<FleetSavings> {
    const rows = (
      await this.#store.listSavings({ cluster: filter?.cluster })
    ).filter(row => !filter?.owner || row.owner === filter.owner);
    return summarizeSavings(rows, this.#clock().getTime());
  }

  async getRecentCycles(limit = 20): Promise<CycleRecord[]> {
    return this.#store.listCycles({ limit });
  }
}
