import type { ApiServer } from '../api/ApiServer';
import { isObject } from '../util/json';
import { randomSuffix } from '../util/names';
import { nowTimestamp } from '../util/time';
import type { Controller } from './Controller';
import { WorkQueue } from './WorkQueue';
import {
  condition,
  controllerUid,
  createQuietly,
  ownedBy,
  podFromTemplate,
  podPhase,
  writeStatus,
} from './workloadHelpers';

const MANAGER = 'kube-controller-manager';
type Obj = Record<string, unknown>;

/**
 * Jobs run up to spec.parallelism pods until spec.completions succeed
 * (SuccessCriteriaMet then Complete), or fail with BackoffLimitExceeded after
 * more than spec.backoffLimit failed pods.
 */
export class JobController implements Controller {
  readonly #api: ApiServer;
  readonly #queue: WorkQueue;
  readonly #unsubscribe: () => void;

  constructor(api: ApiServer) {
    this.#api = api;
    this.#queue = new WorkQueue(key => this.#reconcile(key));
    this.#unsubscribe = api.store.subscribe(event => {
      if (event.key === 'jobs.batch' && event.type !== 'DELETED') {
        this.#queue.add(`${event.namespace}/${event.object.metadata.name}`);
      } else if (event.key === 'pods') {
        const owner = controllerUid(event.object);
        const loc = owner ? api.store.locate(owner) : undefined;
        if (loc?.key === 'jobs.batch')
          this.#queue.add(`${loc.namespace}/${loc.name}`);
      }
    });
  }

  #reconcile(key: string): void {
    const [namespace, name] = key.split('/');
    const jobRt = this.#api.registry.lookup('batch', 'v1', 'jobs')!;
    const podRt = this.#api.registry.lookup('', 'v1', 'pods')!;
    const job = this.#api.find(jobRt, namespace, name);
    if (!job || job.metadata.deletionTimestamp) return;
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
    const pods = ownedBy(this.#api, job, 'pods');
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
        createQuietly(
          this.#api,
          podRt,
          namespace,
          podFromTemplate(spec.template, `${name}-${randomSuffix()}`, job, {}),
          MANAGER,
        );
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
      status.conditions = [
        condition(
          previous,
          'SuccessCriteriaMet',
          'True',
          'CompletionsReached',
          'Reached expected number of succeeded pods',
          { lastProbeTime: nowTimestamp() },
        ),
        condition(
          previous,
          'Complete',
          'True',
          'CompletionsReached',
          'Reached expected number of succeeded pods',
          { lastProbeTime: nowTimestamp() },
        ),
      ];
    } else if (failedOut) {
      status.conditions = [
        condition(
          previous,
          'FailureTarget',
          'True',
          'BackoffLimitExceeded',
          'Job has reached the specified backoff limit',
          { lastProbeTime: nowTimestamp() },
        ),
        condition(
          previous,
          'Failed',
          'True',
          'BackoffLimitExceeded',
          'Job has reached the specified backoff limit',
          { lastProbeTime: nowTimestamp() },
        ),
      ];
    }
    for (const k of Object.keys(status))
      if (status[k] === undefined) delete status[k];
    writeStatus(this.#api, jobRt, job, status, MANAGER);
  }

  stop(): void {
    this.#unsubscribe();
    this.#queue.stop();
  }

  clear(): void {
    this.#queue.clear();
  }
}
