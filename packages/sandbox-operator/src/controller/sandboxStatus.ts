import {
  SandboxConditionTypes,
  SandboxPhase,
  SandboxResource,
  SandboxStatus,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { KubeObject } from '../kube/types';
import { ConditionUpdate, mergeConditions } from './conditions';
import { DesiredState } from './desiredState';
import { PodProblem } from './diagnosePods';
import { readinessOf } from './workloads';
import { rememberWake, wakeDurationSeconds } from '../waker/wakeHistory';

/** What the reconciler learned in this pass, the input of the status. */
export interface Observation {
  desired: DesiredState;
  /** Current objects by kind/name. */
  objects: Map<string, KubeObject>;
  waitingFor: string[];
  blocked: string[];
  refused?: { object: string; message: string };
  seeded: boolean;
  seedFailed: boolean;
  podProblem?: PodProblem;
}

/** The result of a pass: the new status and whether it is the steady state. */
export interface StatusResult {
  status: SandboxStatus;
  converged: boolean;
}

const RESUMING_FROM: Array<SandboxPhase | undefined> = [
  'Suspended',
  'Suspending',
  'Resuming',
];

/** Computes phase, conditions and components from an observation. */
export function computeStatus(
  sandbox: SandboxResource,
  observation: Observation,
  now: Date,
): StatusResult {
  const previous = sandbox.status ?? {};
  const generation = sandbox.metadata.generation ?? 0;
  const suspended = sandbox.spec.suspend === true;
  const { desired } = observation;

  const components = desired.workloads.map(w => {
    const object = observation.objects.get(`${w.kind}/${w.name}`);
    const readiness = object ? readinessOf(object) : undefined;
    return {
      name: w.name,
      kind: w.kind,
      desiredReplicas: suspended && !w.neverSleeps ? 0 : w.replicas,
      neverSleeps: w.neverSleeps,
      readyReplicas: readiness?.readyReplicas ?? 0,
      ready: readiness?.ready ?? false,
      running: readiness?.runningReplicas ?? 0,
      replicaFailure: readiness?.ready ? undefined : readiness?.replicaFailure,
    };
  });
  const cannotCreate = components.find(c => c.replicaFailure);
  const readyCount = components.filter(c => c.ready).length;
  const allReady =
    readyCount === components.length &&
    observation.waitingFor.length === 0 &&
    observation.blocked.length === 0;
  const stopped = components.every(
    c => c.neverSleeps || (c.running === 0 && c.readyReplicas === 0),
  );
  const hasSeed = !!desired.seed;

  const conditions: ConditionUpdate[] = [
    {
      type: SandboxConditionTypes.TemplateValid,
      status: 'True',
      reason: 'TemplateValid',
      message: 'The template produced valid objects for this sandbox.',
    },
    {
      type: SandboxConditionTypes.NamespaceReady,
      status: 'True',
      reason: 'NamespaceReady',
      message: `Namespace ${desired.namespace.metadata.name} exists.`,
    },
  ];
  if (observation.refused) {
    conditions.push({
      type: SandboxConditionTypes.ResourcesApplied,
      status: 'False',
      reason: 'ObjectRefused',
      message: `The cluster refused ${observation.refused.object} of the template: ${observation.refused.message}`,
    });
  } else if (observation.waitingFor.length > 0) {
    conditions.push({
      type: SandboxConditionTypes.ResourcesApplied,
      status: 'False',
      reason: 'WaitingForDependencies',
      message: `Waiting for ${observation.waitingFor.join(
        ', ',
      )} to become ready before creating ${
        observation.blocked.join(', ') || 'the rest'
      }.`,
    });
  } else {
    conditions.push({
      type: SandboxConditionTypes.ResourcesApplied,
      status: 'True',
      reason: 'Applied',
      message: 'Every object of the template is applied.',
    });
  }
  conditions.push(seededCondition(desired, observation));
  conditions.push({
    type: SandboxConditionTypes.Suspended,
    status: suspended ? 'True' : 'False',
    reason: suspended ? 'Suspended' : 'Running',
    message: suspended
      ? 'Every workload is scaled to zero; resume to use the sandbox again.'
      : 'Workloads run at their configured size.',
  });

  let phase: SandboxPhase;
  let ready: ConditionUpdate;
  let failure: { reason: string; message: string } | undefined;
  if (observation.refused) {
    failure = { reason: 'ObjectRefused', message: conditions[2].message };
  } else if (observation.seedFailed) {
    failure = { reason: 'SeedFailed', message: conditions[3].message };
  } else if (!suspended && cannotCreate) {
    // No pod to diagnose: the workload's controller could not create them.
    const { reason, message } = cannotCreate.replicaFailure!;
    failure = {
      reason: 'ReplicaFailure',
      message: `${cannotCreate.kind} ${cannotCreate.name} cannot create its pods (${reason}): ${message}`,
    };
  } else if (!suspended && observation.podProblem) {
    failure = observation.podProblem;
  }
  if (failure) {
    phase = 'Failed';
    ready = { type: 'Ready', status: 'False', ...failure };
  } else if (suspended) {
    phase = stopped ? 'Suspended' : 'Suspending';
    ready = {
      type: 'Ready',
      status: 'False',
      reason: phase,
      message: stopped
        ? `The sandbox is scaled down${
            components.some(c => c.neverSleeps)
              ? ` (except ${components
                  .filter(c => c.neverSleeps)
                  .map(c => c.name)
                  .join(', ')}, which never sleeps)`
              : ''
          }. Resume it to use it again.`
        : 'Scaling every workload down to zero.',
    };
  } else if (allReady && (!hasSeed || observation.seeded)) {
    phase = 'Ready';
    ready = {
      type: 'Ready',
      status: 'True',
      reason: 'Ready',
      message: 'Every component is ready.',
    };
  } else {
    phase = RESUMING_FROM.includes(previous.phase)
      ? 'Resuming'
      : 'Provisioning';
    ready = {
      type: 'Ready',
      status: 'False',
      reason: phase,
      message: `${readyCount} of ${components.length} components ready${
        hasSeed && !observation.seeded && allReady ? '; loading seed data' : ''
      }.`,
    };
  }
  conditions.push(ready);

  const nowIso = now.toISOString();
  const phaseChanged = previous.phase !== phase;
  const status: SandboxStatus = {
    ...previous,
    phase,
    observedGeneration: generation,
    conditions: mergeConditions(
      previous.conditions,
      conditions,
      generation,
      nowIso,
    ),
    namespace: desired.namespace.metadata.name,
    endpoints: desired.endpoints,
    url: desired.endpoints[0]?.url,
    components: components.map(
      ({ name, kind, desiredReplicas, readyReplicas }) => ({
        name,
        kind,
        desiredReplicas,
        readyReplicas,
      }),
    ),
    phaseTransitionTime: phaseChanged
      ? nowIso
      : previous.phaseTransitionTime ?? nowIso,
  };
  if (observation.seeded && desired.seed) {
    status.seededGeneration = desired.seed.generation;
  }
  if (phaseChanged && phase === 'Ready') status.readyTime = nowIso;
  const wakeSeconds = wakeDurationSeconds(previous, phase, now);
  if (wakeSeconds !== undefined) {
    status.recentWakeSeconds = rememberWake(
      previous.recentWakeSeconds,
      wakeSeconds,
    );
  }
  if (phaseChanged && phase === 'Suspended') status.suspendedTime = nowIso;
  if (status.url === undefined) delete status.url;
  return { status, converged: phase === 'Ready' || phase === 'Suspended' };
}

function seededCondition(
  desired: DesiredState,
  observation: Observation,
): ConditionUpdate {
  const type = SandboxConditionTypes.Seeded;
  if (!desired.seed) {
    return {
      type,
      status: 'True',
      reason: 'NoSeed',
      message: 'The template has no seed data.',
    };
  }
  if (observation.seedFailed) {
    return {
      type,
      status: 'False',
      reason: 'SeedFailed',
      message: `The seed job ${desired.seed.job.metadata.name} failed; its logs say why. Reseed to try again.`,
    };
  }
  if (observation.seeded) {
    return {
      type,
      status: 'True',
      reason: 'Seeded',
      message: `Seed data loaded (generation ${desired.seed.generation}).`,
    };
  }
  return {
    type,
    status: 'False',
    reason: 'SeedPending',
    message: 'Seed data is loaded once every component is ready.',
  };
}
