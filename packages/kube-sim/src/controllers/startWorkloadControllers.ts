import type { ApiServer } from '../api/ApiServer';
import type { PodLogs } from '../storage/PodLogs';
import type { Controller } from './Controller';
import { DeploymentController } from './DeploymentController';
import { JobController } from './JobController';
import { Kubelet } from './Kubelet';
import { ReplicaSetController } from './ReplicaSetController';
import { StatefulSetController } from './StatefulSetController';

/** Options of the simulated kubelet and workload controllers. */
export interface WorkloadOptions {
  /** The kubelet's delay per pod step (schedule, start, complete). */
  delayMs: number;
}

/** Starts the kubelet and the Deployment, ReplicaSet, StatefulSet and Job controllers. */
export function startWorkloadControllers(
  api: ApiServer,
  logs: PodLogs,
  options: WorkloadOptions,
): Controller[] {
  return [
    new Kubelet(api, logs, options.delayMs),
    new DeploymentController(api),
    new ReplicaSetController(api),
    new StatefulSetController(api),
    new JobController(api),
  ];
}
