import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import fs from 'node:fs';
import {
  AutoscalerStore,
  ClusterStatus,
  CycleRecord,
  SandboxState,
  SavingsRow,
  ScheduleRun,
} from './AutoscalerStore';

const migrationsDir = resolvePackagePath(
  '@sandboxkit/backstage-plugin-sandboxes-backend',
  'migrations',
);

/** Keeps batches well under SQLite's bound-variable limit. */
const BATCH = 400;

/**
 * Runs only the autoscaler's migrations (files named *autoscaler*), in the
 * plugin's shared knex_migrations table. The backend's own store may run the
 * whole directory as well; knex records each file once, so either order works.
 */
const autoscalerMigrationSource: Knex.MigrationSource<string> = {
  async getMigrations() {
    return fs
      .readdirSync(migrationsDir)
      .filter(file => file.includes('autoscaler') && file.endsWith('.js'))
      .sort();
  },
  getMigrationName(file) {
    return file;
  },
  async getMigration(file) {
    // eslint-disable-next-line @backstage/no-relative-monorepo-imports
    return require(`${migrationsDir}/${file}`);
  },
};

export async function migrateAutoscalerTables(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    migrationSource: autoscalerMigrationSource,
    // The directory also holds the backend's migrations, which this source
    // does not list; they are not missing, they are someone else's.
    disableMigrationsListValidation: true,
  });
}

const toNumber = (value: unknown): number | undefined =>
  value === null || value === undefined ? undefined : Number(value);

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) {
    out.push(items.slice(i, i + BATCH));
  }
  return out;
}

function stateFromRow(row: Record<string, unknown>): SandboxState {
  return {
    sandbox: String(row.sandbox),
    cluster: String(row.cluster),
    status: row.status as SandboxState['status'],
    statusMessage: String(row.status_message),
    idleWarnedAt: toNumber(row.idle_warned_at),
    suspendedBy: (row.suspended_by as string | null) ?? undefined,
    suspendedAt: toNumber(row.suspended_at),
    metricsSeenAt: toNumber(row.metrics_seen_at),
    lastDecision: row.last_decision
      ? JSON.parse(String(row.last_decision))
      : undefined,
    updatedAt: Number(row.updated_at),
  };
}

function savingsFromRow(row: Record<string, unknown>): SavingsRow {
  return {
    sandbox: String(row.sandbox),
    cluster: String(row.cluster),
    owner: String(row.owner),
    template: String(row.template),
    openSince: toNumber(row.open_since),
    openReplicas: Number(row.open_replicas),
    openCpuCores: Number(row.open_cpu_cores),
    openMemoryBytes: Number(row.open_memory_bytes),
    replicaHours: Number(row.replica_hours),
    cpuCoreHours: Number(row.cpu_core_hours),
    memoryGibHours: Number(row.memory_gib_hours),
    updatedAt: Number(row.updated_at),
  };
}

function cycleFromRow(row: Record<string, unknown>): CycleRecord {
  return {
    startedAt: Number(row.started_at),
    finishedAt: Number(row.finished_at),
    instance: String(row.instance),
    clusters: Number(row.clusters),
    queries: Number(row.queries),
    sandboxes: Number(row.sandboxes),
    warned: Number(row.warned),
    suspended: Number(row.suspended),
    resumed: Number(row.resumed),
  };
}

/** The autoscaler's tables over knex (SQLite or PostgreSQL). */
export class DatabaseAutoscalerStore implements AutoscalerStore {
  readonly #db: Knex;

  static async create(options: {
    knex: Knex;
    skipMigrations?: boolean;
  }): Promise<DatabaseAutoscalerStore> {
    if (!options.skipMigrations) {
      await migrateAutoscalerTables(options.knex);
    }
    return new DatabaseAutoscalerStore(options.knex);
  }

  private constructor(knex: Knex) {
    this.#db = knex;
  }

  async listStates(cluster: string): Promise<SandboxState[]> {
    const rows = await this.#db('autoscaler_sandbox_state').where({ cluster });
    return rows.map(stateFromRow);
  }

  async getState(sandbox: string): Promise<SandboxState | undefined> {
    const row = await this.#db('autoscaler_sandbox_state')
      .where({ sandbox })
      .first();
    return row ? stateFromRow(row) : undefined;
  }

  async saveStates(states: SandboxState[]): Promise<void> {
    if (states.length === 0) return;
    await this.#db.transaction(async tx => {
      for (const batch of chunks(states)) {
        await tx('autoscaler_sandbox_state')
          .insert(
            batch.map(s => ({
              sandbox: s.sandbox,
              cluster: s.cluster,
              status: s.status,
              status_message: s.statusMessage,
              idle_warned_at: s.idleWarnedAt ?? null,
              suspended_by: s.suspendedBy ?? null,
              suspended_at: s.suspendedAt ?? null,
              metrics_seen_at: s.metricsSeenAt ?? null,
              last_decision: s.lastDecision
                ? JSON.stringify(s.lastDecision)
                : null,
              updated_at: s.updatedAt,
            })),
          )
          .onConflict('sandbox')
          .merge();
      }
    });
  }

  async deleteStates(sandboxes: string[]): Promise<void> {
    for (const batch of chunks(sandboxes)) {
      await this.#db('autoscaler_sandbox_state')
        .whereIn('sandbox', batch)
        .delete();
    }
  }

  async listSavings(filter?: {
    cluster?: string;
    sandbox?: string;
  }): Promise<SavingsRow[]> {
    const query = this.#db('autoscaler_savings');
    if (filter?.cluster) query.where({ cluster: filter.cluster });
    if (filter?.sandbox) query.where({ sandbox: filter.sandbox });
    return (await query).map(savingsFromRow);
  }

  async saveSavings(rows: SavingsRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.#db.transaction(async tx => {
      for (const batch of chunks(rows)) {
        await tx('autoscaler_savings')
          .insert(
            batch.map(r => ({
              sandbox: r.sandbox,
              cluster: r.cluster,
              owner: r.owner,
              template: r.template,
              open_since: r.openSince ?? null,
              open_replicas: r.openReplicas,
              open_cpu_cores: r.openCpuCores,
              open_memory_bytes: r.openMemoryBytes,
              replica_hours: r.replicaHours,
              cpu_core_hours: r.cpuCoreHours,
              memory_gib_hours: r.memoryGibHours,
              updated_at: r.updatedAt,
            })),
          )
          .onConflict('sandbox')
          .merge();
      }
    });
  }

  async getClusterStatuses(): Promise<ClusterStatus[]> {
    const rows = await this.#db('autoscaler_cluster_status').orderBy('cluster');
    return rows.map(row => ({
      cluster: String(row.cluster),
      healthy: Boolean(row.healthy),
      message: String(row.message),
      source: row.source ?? undefined,
      query: row.query ?? undefined,
      lastCycleAt: Number(row.last_cycle_at),
      lastSuccessAt: toNumber(row.last_success_at),
    }));
  }

  async saveClusterStatus(status: ClusterStatus): Promise<void> {
    await this.#db('autoscaler_cluster_status')
      .insert({
        cluster: status.cluster,
        healthy: status.healthy,
        message: status.message,
        source: status.source ?? null,
        query: status.query ?? null,
        last_cycle_at: status.lastCycleAt,
        last_success_at: status.lastSuccessAt ?? null,
      })
      .onConflict('cluster')
      .merge();
  }

  async getScheduleRun(schedule: string): Promise<ScheduleRun | undefined> {
    const row = await this.#db('autoscaler_schedule_runs')
      .where({ schedule })
      .first();
    if (!row) return undefined;
    return {
      schedule,
      suspendFiredAt: toNumber(row.suspend_fired_at),
      resumeFiredAt: toNumber(row.resume_fired_at),
    };
  }

  async saveScheduleRun(run: ScheduleRun): Promise<void> {
    await this.#db('autoscaler_schedule_runs')
      .insert({
        schedule: run.schedule,
        suspend_fired_at: run.suspendFiredAt ?? null,
        resume_fired_at: run.resumeFiredAt ?? null,
      })
      .onConflict('schedule')
      .merge();
  }

  async recordCycle(cycle: CycleRecord): Promise<void> {
    await this.#db('autoscaler_cycles').insert({
      started_at: cycle.startedAt,
      finished_at: cycle.finishedAt,
      instance: cycle.instance,
      clusters: cycle.clusters,
      queries: cycle.queries,
      sandboxes: cycle.sandboxes,
      warned: cycle.warned,
      suspended: cycle.suspended,
      resumed: cycle.resumed,
    });
  }

  async listCycles(options?: { limit?: number }): Promise<CycleRecord[]> {
    const rows = await this.#db('autoscaler_cycles')
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options?.limit ?? 1000);
    return rows.map(cycleFromRow).reverse();
  }
}
