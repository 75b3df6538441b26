import { DecisionEvidence, ScheduleEvidence } from './types';

/** Where a sandbox stands with the autoscaler, for the UI. */
export type AutoscalerSandboxStatus =
  | 'active'
  | 'idle-warned'
  | 'suspended'
  | 'paused'
  | 'pinned'
  | 'grace'
  | 'opted-out'
  | 'not-running';

/** The last thing the autoscaler did to a sandbox, and why. */
export interface AutoscalerDecision {
  action: 'warned' | 'suspended' | 'resumed' | 'resume-refused';
  at: string;
  message: string;
  evidence?: DecisionEvidence | ScheduleEvidence;
}

export interface SandboxState {
  sandbox: string;
  cluster: string;
  status: AutoscalerSandboxStatus;
  statusMessage: string;
  idleWarnedAt?: number;
  /** "idle" or "schedule:<name>" when the autoscaler suspended it. */
  suspendedBy?: string;
  suspendedAt?: number;
  metricsSeenAt?: number;
  lastDecision?: AutoscalerDecision;
  updatedAt: number;
}

/** Capacity avoided by one sandbox; intervals close when it runs again. */
export interface SavingsRow {
  sandbox: string;
  cluster: string;
  owner: string;
  template: string;
  openSince?: number;
  openReplicas: number;
  openCpuCores: number;
  openMemoryBytes: number;
  replicaHours: number;
  cpuCoreHours: number;
  memoryGibHours: number;
  updatedAt: number;
}

export interface ClusterStatus {
  cluster: string;
  healthy: boolean;
  message: string;
  source?: string;
  query?: string;
  lastCycleAt: number;
  lastSuccessAt?: number;
}

export interface CycleRecord {
  startedAt: number;
  finishedAt: number;
  instance: string;
  clusters: number;
  queries: number;
  sandboxes: number;
  warned: number;
  suspended: number;
  resumed: number;
}

export interface ScheduleRun {
  schedule: string;
  suspendFiredAt?: number;
  resumeFiredAt?: number;
}

/** The autoscaler's own tables. */
export interface AutoscalerStore {
  listStates(cluster: string): Promise<SandboxState[]>;
  getState(sandbox: string): Promise<SandboxState | undefined>;
  saveStates(states: SandboxState[]): Promise<void>;
  deleteStates(sandboxes: string[]): Promise<void>;

  listSavings(filter?: {
    cluster?: string;
    sandbox?: string;
  }): Promise<SavingsRow[]>;
  saveSavings(rows: SavingsRow[]): Promise<void>;

  getClusterStatuses(): Promise<ClusterStatus[]>;
  saveClusterStatus(status: ClusterStatus): Promise<void>;

  getScheduleRun(schedule: string): Promise<ScheduleRun | undefined>;
  saveScheduleRun(run: ScheduleRun): Promise<void>;

  recordCycle(cycle: CycleRecord): Promise<void>;
  listCycles(options?: { limit?: number }): Promise<CycleRecord[]>;
}
