import { SavingsRow } from './AutoscalerStore';
import { FleetSandbox } from './types';

const HOUR = 3_600_000;
const GIB = 1024 ** 3;

/** Capacity avoided, in replica-hours and requested CPU and memory × hours. */
export interface SavingsFigures {
  replicaHours: number;
  cpuCoreHours: number;
  memoryGibHours: number;
}

export interface SandboxSavings extends SavingsFigures {
  sandbox: string;
  cluster: string;
  owner: string;
  template: string;
  /** Scaled down right now, since this time. */
  suspendedSince?: string;
}

export interface FleetSavings {
  /** Across all sandboxes, including ones deleted since. */
  total: SavingsFigures;
  sandboxes: SandboxSavings[];
  at: string;
}

/** What a sandbox requests while it runs. */
export function runningCapacity(sandbox: FleetSandbox) {
  let replicas = 0;
  let cpuCores = 0;
  let memoryBytes = 0;
  for (const component of sandbox.components) {
    replicas += component.replicas;
    cpuCores += component.replicas * (component.cpuCores ?? 0);
    memoryBytes += component.replicas * (component.memoryBytes ?? 0);
  }
  return { replicas, cpuCores, memoryBytes };
}

/** Closes the open interval at `at`, adding it to the totals. */
export function closeInterval(row: SavingsRow, at: number): SavingsRow {
  if (row.openSince === undefined) return row;
  const hours = Math.max(0, at - row.openSince) / HOUR;
  return {
    ...row,
    openSince: undefined,
    replicaHours: row.replicaHours + hours * row.openReplicas,
    cpuCoreHours: row.cpuCoreHours + hours * row.openCpuCores,
    memoryGibHours: row.memoryGibHours + (hours * row.openMemoryBytes) / GIB,
    openReplicas: 0,
    openCpuCores: 0,
    openMemoryBytes: 0,
    updatedAt: at,
  };
}

/**
 * The savings row after observing the sandbox at `now`, or undefined when
 * nothing changed. Only transitions write: a suspended sandbox opens an
 * interval, a running one closes it.
 */
export function observeSavings(
  row: SavingsRow | undefined,
  sandbox: FleetSandbox,
  now: number,
): SavingsRow | undefined {
  if (sandbox.suspended) {
    if (row?.openSince !== undefined) return undefined;
    const capacity = runningCapacity(sandbox);
    return {
      sandbox: sandbox.name,
      cluster: sandbox.cluster,
      owner: sandbox.owner,
      template: sandbox.template,
      replicaHours: row?.replicaHours ?? 0,
      cpuCoreHours: row?.cpuCoreHours ?? 0,
      memoryGibHours: row?.memoryGibHours ?? 0,
      openSince: now,
      openReplicas: capacity.replicas,
      openCpuCores: capacity.cpuCores,
      openMemoryBytes: capacity.memoryBytes,
      updatedAt: now,
    };
  }
  if (row?.openSince === undefined) return undefined;
  const resumedAt = sandbox.lastResumedAt?.getTime();
  const closeAt =
    resumedAt !== undefined && resumedAt > row.openSince && resumedAt < now
      ? resumedAt
      : now;
  return closeInterval(row, closeAt);
}

/** Totals including the still-open intervals up to `now`. */
export function summarizeSavings(
  rows: SavingsRow[],
  now: number,
): FleetSavings {
  const total: SavingsFigures = {
    replicaHours: 0,
    cpuCoreHours: 0,
    memoryGibHours: 0,
  };
  const sandboxes = rows.map(row => {
    const closed = closeInterval(row, now);
    total.replicaHours += closed.replicaHours;
    total.cpuCoreHours += closed.cpuCoreHours;
    total.memoryGibHours += closed.memoryGibHours;
    return {
      sandbox: row.sandbox,
      cluster: row.cluster,
      owner: row.owner,
      template: row.template,
      replicaHours: closed.replicaHours,
      cpuCoreHours: closed.cpuCoreHours,
      memoryGibHours: closed.memoryGibHours,
      suspendedSince:
        row.openSince !== undefined
          ? new Date(row.openSince).toISOString()
          : undefined,
    };
  });
  return { total, sandboxes, at: new Date(now).toISOString() };
}
