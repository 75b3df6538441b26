import { SandboxPhase } from '@sandboxkit/backstage-plugin-sandboxes-common';

/**
 * The autoscaler's port to the rest of the sandboxes backend. The backend
 * implements it over its store and cluster adapter; tests use an in-memory
 * implementation. The autoscaler never touches workloads: it only asks the
 * fleet to set or clear a Sandbox's `spec.suspend`.
 */
export interface AutoscalerFleet {
  /** The clusters whose sandboxes the autoscaler looks after. */
  listClusters(): Promise<string[]>;
  /** Every sandbox of the cluster that exists (any phase). */
  listSandboxes(cluster: string): Promise<FleetSandbox[]>;
  /** Sets spec.suspend with reason and evidence, and records it in the activity log. */
  suspend(name: string, options: SuspendOptions): Promise<void>;
  /**
   * Clears spec.suspend. Re-checks the owner's quota and throws (e.g. a
   * NotAllowedError or a quota error) when the sandbox may not run again.
   */
  resume(name: string, options: ResumeOptions): Promise<void>;
  /** Adds an entry to the sandbox's activity log. */
  recordActivity(name: string, entry: FleetActivityEntry): Promise<void>;
}

/** What the autoscaler needs to know about one sandbox. */
export interface FleetSandbox {
  name: string;
  /** The sandbox's namespace; metrics are grouped by it. */
  namespace?: string;
  cluster: string;
  /** Owner entity ref, e.g. user:default/jane. */
  owner: string;
  template: string;
  phase: SandboxPhase;
  /** spec.suspend. */
  suspended: boolean;
  createdAt: Date;
  /** When it was last resumed (spec.suspend cleared), if ever. */
  lastResumedAt?: Date;
  /** Pinned awake by its owner until this time. */
  keepAwakeUntil?: Date;
  /** The template's autoscaling settings (SandboxTemplateSpec.autoscaling). */
  autoscaling?: { enabled?: boolean; idleWindowMinutes?: number };
  /** Workloads at their running size, for the savings computation. */
  components: FleetComponent[];
}

/** One workload of a sandbox at its running size. */
export interface FleetComponent {
  name: string;
  replicas: number;
  /** CPU request per replica in cores (e.g. 0.25). */
  cpuCores?: number;
  /** Memory request per replica in bytes. */
  memoryBytes?: number;
}

/** The evidence behind an autoscaler scale-down. */
export interface DecisionEvidence {
  /** The exact query sent to the metrics source. */
  query: string;
  /** The metrics source that answered, e.g. "prometheus". */
  source: string;
  /** The sandbox's activity over the window; null when the namespace had no series. */
  value: number | null;
  threshold: number;
  windowMinutes: number;
  /** The evaluation time of the query (RFC 3339). */
  at: string;
}

export interface SuspendOptions {
  actor: 'autoscaler';
  /** For people: "No requests for 30 minutes". */
  reason: string;
  evidence?: DecisionEvidence | ScheduleEvidence;
}

export interface ResumeOptions {
  actor: 'autoscaler';
  reason: string;
}

/** Why a schedule suspended or resumed a sandbox. */
export interface ScheduleEvidence {
  schedule: string;
  cron: string;
  timeZone: string;
  /** The schedule occurrence that fired (RFC 3339). */
  firedAt: string;
}

export interface FleetActivityEntry {
  type: 'idle-warning' | 'suspended' | 'resumed';
  message: string;
  details?: Record<string, unknown>;
}
