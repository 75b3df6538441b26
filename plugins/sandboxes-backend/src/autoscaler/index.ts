export { registerAutoscaler, AUTOSCALER_TASK_ID } from './registerAutoscaler';
export { AutoscalerStatusService } from './AutoscalerStatusService';
export type {
  SandboxAutoscalerStatus,
  ClusterAutoscalerStatus,
} from './AutoscalerStatusService';
export type { FleetSavings, SandboxSavings, SavingsFigures } from './savings';
export type {
  AutoscalerFleet,
  FleetSandbox,
  FleetComponent,
  FleetActivityEntry,
  SuspendOptions,
  ResumeOptions,
  DecisionEvidence,
  ScheduleEvidence,
} from './types';
export type { AutoscalerConfig } from './config';
export { PROMQL_PRESETS } from './presets';
