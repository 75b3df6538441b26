import { createHash } from 'crypto';
import {
  SandboxLabels,
  SandboxResource,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { OperatorAnnotations } from '../api';
import { KubeClient } from '../kube/KubeClient';
import { isConflict, isImmutableFieldRefusal, isRefusal } from '../kube/errors';
import { resourceType } from '../kube/resources';
import { KubeObject } from '../kube/types';
import { DesiredState } from './desiredState';
import { MANAGED_BY } from './namespaceOwnership';
import { toLabelValue } from './names';
import { readinessOf, WORKLOAD_KINDS } from './workloads';

/** What applying found: the objects as the API returned them, and where it stopped. */
export interface ApplyOutcome {
  /** Applied objects by kind/name, fresher than any cache. */
  observed: Map<string, KubeObject>;
  /** Resources applied but not ready, holding back their dependants. */
  waitingFor: string[];
  /** Resources not applied yet because of waitingFor. */
  blocked: string[];
  /** The seed Job, when it ran in this pass. */
  seed?: { complete: boolean; failed: boolean };
  /** The cluster refused an object: the Sandbox or template must change. */
  refused?: { object: string; message: string };
  /** True when every object was applied (nothing waiting or refused). */
  complete: boolean;
}

export const objectRef = (o: KubeObject) => `${o.kind}/${o.metadata.name}`;

/**
 * What this operator applied to one sandbox during its leadership term:
 * object ref → hash of the applied object and when. While provisioning, a
 * sandbox is reconciled on every status change of its workloads; the memo
 * lets those passes skip objects already applied unchanged, so only new or
 * changed objects cost a request. Entries expire with the drift repair period.
 */
export class AppliedMemo {
  readonly #entries = new Map<string, { hash: string; at: number }>();
  readonly #maxAgeMs: number;

  constructor(maxAgeMs: number) {
    this.#maxAgeMs = maxAgeMs;
  }

  static hash(object: KubeObject): string {
    return createHash('sha256').update(JSON.stringify(object)).digest('base64');
  }

  has(ref: string, hash: string, now = Date.now()): boolean {
    const entry = this.#entries.get(ref);
    return !!entry && entry.hash === hash && now - entry.at < this.#maxAgeMs;
  }

  set(ref: string, hash: string, now = Date.now()) {
    this.#entries.set(ref, { hash, at: now });
  }

  /** Forgets a pruned object, so applying it again is never skipped. */
  forget(ref: string) {
    this.#entries.delete(ref);
  }
}

/** The kind/name list recorded on the namespace, for pruning. */
export function appliedObjectsOf(namespace: KubeObject | undefined): string[] {
  const raw =
    namespace?.metadata.annotations?.[OperatorAnnotations.appliedObjects];
  if (!raw) return [];
  try {
    const parsed = JSON.parse(raw);
    return Array.isArray(parsed)
      ? parsed.filter(v => typeof v === 'string')
      : [];
  } catch {
    return [];
  }
}

const KIND_API_VERSIONS: Record<string, string> = {
  ConfigMap: 'v1',
  Secret: 'v1',
  Service: 'v1',
  ServiceAccount: 'v1',
  PersistentVolumeClaim: 'v1',
  ResourceQuota: 'v1',
  LimitRange: 'v1',
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  Ingress: 'networking.k8s.io/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
};

/** The foundation objects applied with every pass, before template objects. */
const foundationOf = (desired: DesiredState) =>
  desired.secretParameters
    ? [...desired.foundation, desired.secretParameters.object]
    : desired.foundation;

const desiredRefsOf = (desired: DesiredState) =>
  [
    ...foundationOf(desired),
    ...desired.resources.map(r => r.object),
    ...desired.routing,
  ].map(objectRef);

/**
 * The namespace as the next pass applies it. It records everything about to
 * be applied before applying it, so a pass cut short still leaves a complete
 * list to prune from. The "applied" marker is carried over unchanged:
 * dropping it here would change the namespace (an event, another pass) on
 * every partial pass.
 */
export function namespaceToApply(
  desired: DesiredState,
  liveNamespace: KubeObject | undefined,
): KubeObject {
  const marker =
    liveNamespace?.metadata.annotations?.[OperatorAnnotations.applied];
  return withAnnotations(desired.namespace, {
    [OperatorAnnotations.appliedObjects]: JSON.stringify(
      [
        ...new Set([
          ...appliedObjectsOf(liveNamespace),
          ...desiredRefsOf(desired),
        ]),
      ].sort(),
    ),
    ...(marker ? { [OperatorAnnotations.applied]: marker } : {}),
  });
}

/**
 * Applies a sandbox's desired state with server-side apply, in order:
 * namespace; quota, limits, network policy, service account, parameters,
 * secret parameters and credentials; the template's objects level by level as their dependencies
 * become ready; then (once everything is ready) suspend bookkeeping of
 * workloads the template does not know, the seed Job, the Ingresses, and
 * the removal of objects an earlier version of the template had.
 */
export async function applyDesiredState(options: {
  client: KubeClient;
  sandbox: SandboxResource;
  desired: DesiredState;
  liveNamespace: KubeObject | undefined;
  seedPending: boolean;
  memo: AppliedMemo;
  /** Cached workloads by kind/name, standing in for skipped applies. */
  cached: Map<string, KubeObject>;
}): Promise<ApplyOutcome> {
  const { client, sandbox, desired, liveNamespace, memo, cached } = options;
  const observed = new Map<string, KubeObject>();
  /** Applies unless the memo says this exact object was applied; returns the current object. */
  const applyOnce = async (object: KubeObject): Promise<KubeObject> => {
    const ref = objectRef(object);
    const hash = AppliedMemo.hash(object);
    const known = cached.get(ref);
    const needsCache =
      WORKLOAD_KINDS.has(object.kind!) || object.kind === 'Job';
    if (memo.has(ref, hash) && (!needsCache || known)) return known ?? object;
    const applied = await client.apply(object);
    memo.set(ref, hash);
    observed.set(ref, applied);
    return applied;
  };
  const outcome: ApplyOutcome = {
    observed,
    waitingFor: [],
    blocked: [],
    complete: false,
  };
  /**
   * applyOnce, with a refusal recorded in the outcome (naming the object;
   * the server's message names the field) instead of thrown.
   */
  const tryApply = async (
    object: KubeObject,
  ): Promise<KubeObject | undefined> => {
    try {
      return await applyOnce(object);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      outcome.refused ??= {
        object: `${object.kind} ${object.metadata.name}`,
        message: error.message,
      };
      return undefined;
    }
  };
  const namespace = desired.namespace.metadata.name!;
  const desiredRefs = desiredRefsOf(desired);
  const previousRefs = appliedObjectsOf(liveNamespace);

  await tryApply(namespaceToApply(desired, liveNamespace));

  await Promise.all([
    ...foundationOf(desired).map(tryApply),
    (async () => {
      const ref = objectRef(desired.credentials);
      if (memo.has(ref, 'created')) return;
      try {
        await client.create(desired.credentials);
      } catch (error) {
        // Generated once and kept: an existing Secret is never overwritten.
        if (!isConflict(error)) throw error;
      }
      memo.set(ref, 'created');
    })(),
  ]);

  // Requests go to the waker before workloads scale down, so none meets a
  // Service without endpoints.
  if (desired.routedToWaker) await applyRouting(desired, tryApply);

  const done = new Set<string>();
  let pending = desired.resources;
  const dependsOn = new Map(
    desired.resources.map(r => [r.name, r.dependencies]),
  );
  while (pending.length > 0 && !outcome.refused) {
    const batch = pending.filter(r =>
      (dependsOn.get(r.name) ?? []).every(d => done.has(d)),
    );
    if (batch.length === 0) break;
    await Promise.all(
      batch.map(async resource => {
        const applied = await tryApply(resource.object);
        if (!applied) return;
        if (!resource.waitForReady || readinessOf(applied).ready) {
          done.add(resource.name);
        } else {
          outcome.waitingFor.push(resource.name);
        }
      }),
    );
    pending = pending.filter(r => !batch.includes(r));
  }
  outcome.blocked = pending.map(r => r.name);
  if (outcome.refused || pending.length > 0 || outcome.waitingFor.length > 0) {
    return outcome;
  }

  if (desired.seed && options.seedPending) {
    let job: KubeObject;
    try {
      job = await applySeedJob(
        client,
        sandbox,
        desired.seed.job,
        cached.get(objectRef(desired.seed.job)),
        applyOnce,
      );
    } catch (error) {
      if (!isRefusal(error)) throw error;
      outcome.refused = {
        object: `Job ${desired.seed.job.metadata.name}`,
        message: error.message,
      };
      return outcome;
    }
    const readiness = readinessOf(job);
    outcome.seed = { complete: readiness.ready, failed: !!readiness.failed };
    if (desired.seed.waitForCompletion && !readiness.ready) return outcome;
  }

  await applyRouting(desired, tryApply);
  if (outcome.refused) return outcome;

  const stale = previousRefs.filter(ref => !desiredRefs.includes(ref));
  await Promise.all(
    stale.map(async ref => {
      const [kind, name] = ref.split('/');
      const apiVersion = KIND_API_VERSIONS[kind];
      if (!apiVersion) return;
      // Only what the operator applied for this sandbox is pruned: the
      // namespace's record says so, and a cached workload must carry the
      // sandbox's label too (other kinds are never read back: the operator
      // has no right to read Secrets and the like).
      const live = cached.get(ref);
      if (live && !labelledFor(live, sandbox)) return;
      await client.delete(resourceType(apiVersion, kind), name, namespace, {
        uid: live?.metadata.uid,
      });
      // The waker's Service comes and goes with every sleep: the next one
      // must apply it again.
      memo.forget(ref);
    }),
  );
  outcome.complete = true;
  return outcome;
}

/** The waker's Service (when asleep) before the Ingresses that point at it. */
async function applyRouting(
  desired: DesiredState,
  apply: (object: KubeObject) => Promise<unknown>,
) {
  const services = desired.routing.filter(o => o.kind === 'Service');
  await Promise.all(services.map(apply));
  await Promise.all(
    desired.routing.filter(o => o.kind !== 'Service').map(apply),
  );
}

function withAnnotations(
  object: KubeObject,
  annotations: Record<string, string>,
): KubeObject {
  return {
    ...object,
    metadata: {
      ...object.metadata,
      annotations: { ...object.metadata.annotations, ...annotations },
    },
  };
}

/**
 * Applies the seed Job. A Job's pod template cannot change once created;
 * when the server refuses a change for that reason, the Job (which the
 * operator made for this sandbox) is deleted and created anew. Any other
 * refusal is thrown.
 */
async function applySeedJob(
  client: KubeClient,
  sandbox: SandboxResource,
  job: KubeObject,
  cachedJob: KubeObject | undefined,
  applyOnce: (object: KubeObject) => Promise<KubeObject>,
): Promise<KubeObject> {
  try {
    return await applyOnce(job);
  } catch (error) {
    if (!isImmutableFieldRefusal(error)) throw error;
    if (cachedJob && !labelledFor(cachedJob, sandbox)) throw error;
    const { name, namespace } = job.metadata;
    await client.delete(resourceType('batch/v1', 'Job'), name!, namespace, {
      uid: cachedJob?.metadata.uid,
    });
  }
  return applyOnce(job);
}

/** Carries the labels the operator applies to everything of this sandbox. */
function labelledFor(object: KubeObject, sandbox: SandboxResource): boolean {
  return (
    object.metadata.labels?.[SandboxLabels.sandbox] ===
      toLabelValue(sandbox.metadata.name!) &&
    object.metadata.labels?.[SandboxLabels.managedBy] === MANAGED_BY
  );
}

/** The namespace object with the "applied in full" marker. */
export function markApplied(desired: DesiredState, now: Date): KubeObject {
  return withAnnotations(desired.namespace, {
    [OperatorAnnotations.appliedObjects]: JSON.stringify(
      desiredRefsOf(desired).sort(),
    ),
    [OperatorAnnotations.applied]: `${desired.hash}@${now.toISOString()}`,
  });
}
