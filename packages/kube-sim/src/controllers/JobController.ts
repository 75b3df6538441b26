import type { ApiServer } from '../api/ApiServer';
import { isObject } from '../util/json';
import { randomSuffix } from '../util/names';
import { nowTimestamp } from '../util/time';
import { WorkloadController } from './WorkloadController';
import type { Workload } from './WorkloadController';
import { condition, podPhase } from './workloadHelpers';

type Obj = Record<string, unknown>;

/**
 * Jobs run up to spec.parallelism pods until spec.completions succeed
 * (SuccessCriteriaMet then Complete), or fail with BackoffLimitExceeded after
 * more than spec.backoffLimit failed pods.
 */
export class JobController extends WorkloadController {
  constructor(api: ApiServer) {
    super(api, {
      group: 'batch',
      plural: 'jobs',
      owns: 'pods',
      component: 'job-controller',
    });
  }

  protected reconcile(workload: Workload): void {
    const { object: job, name } = workload;
    const spec = (job.spec ?? {}) as Obj;
    const previous = (isObject(job.status) ? job.status : {}) as Obj;
    const finished =
      Array.isArray(previous.conditions) &&
      previous.conditions.some(
        c =>
          isObject(c) &&
          (c.type === 'Complete' || c.type === 'Failed') &&
          c.status === 'True',
      );
    if (finished) return;
    const completions = (spec.completions as number | undefined) ?? 1;
    const parallelism = (spec.parallelism as number | undefined) ?? 1;
    const backoffLimit = (spec.backoffLimit as number | undefined) ?? 6;
    const pods = this.owned(job);
    const succeeded = pods.filter(p => podPhase(p) === 'Succeeded').length;
    const failed = pods.filter(p => podPhase(p) === 'Failed').length;
    let active = pods.filter(
      p =>
        !['Succeeded', 'Failed'].includes(podPhase(p)) &&
        !p.metadata.deletionTimestamp,
    ).length;
    const failedOut = failed > backoffLimit;
    if (!failedOut && spec.suspend !== true) {
      const want = Math.min(parallelism, completions - succeeded) - active;
      for (let i = 0; i < want; i++) {
        this.createPod(workload, `${name}-${randomSuffix()}`, {});
        active++;
      }
    }
    const status: Obj = {
      startTime: previous.startTime ?? nowTimestamp(),
      active: active || undefined,
      succeeded: succeeded || undefined,
      failed: failed || undefined,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
    };
    if (succeeded >= completions) {
      status.active = undefined;
      status.completionTime = nowTimestamp();
      status.conditions = finishedConditions(
        previous,
        ['SuccessCriteriaMet', 'Complete'],
        'CompletionsReached',
        'Reached expected number of succeeded pods',
      );
    } else if (failedOut) {
      status.conditions = finishedConditions(
        previous,
        ['FailureTarget', 'Failed'],
        'BackoffLimitExceeded',
        'Job has reached the specified backoff limit',
      );
    }
    for (const k of Object.keys(status))
      if (status[k] === undefined) delete status[k];
    this.writeStatus(workload, status);
  }
}

/** The True conditions a finished Job reports, in order, sharing one reason. */
function finishedConditions(
  previous: Obj,
  types: string[],
  reason: string,
  message: string,
): Obj[] {
  return types.map(type =>
    condition(previous, type, 'True', reason, message, {
      lastProbeTime: nowTimestamp(),
    }),
  );
}
