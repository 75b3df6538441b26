import { createHash } from 'crypto';
import {
  SandboxAnnotations,
  SandboxResource,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { OperatorAnnotations } from '../api';
import { KubeClient } from '../kube/KubeClient';
import { KubeApiError, isConflict } from '../kube/errors';
import { resourceType } from '../kube/resources';
import { KubeObject } from '../kube/types';
import { DesiredState } from './desiredState';
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
  /** The cluster refused an object: the template must change. */
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

/** A 4xx other than conflicts and throttling: retrying the same object cannot help. */
function isRefusal(error: unknown): error is KubeApiError {
  return (
    error instanceof KubeApiError &&
    error.statusCode >= 400 &&
    error.statusCode < 500 &&
    error.statusCode !== 404 &&
    error.statusCode !== 409 &&
    error.statusCode !== 429
  );
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

/**
 * Applies a sandbox's desired state with server-side apply, in order:
 * namespace; quota, limits, network policy, service account, parameters and
 * credentials; the template's objects level by level as their dependencies
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
  resuming: boolean;
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
  const namespace = desired.namespace.metadata.name!;
  const desiredRefs = [
    ...desired.foundation,
    ...desired.resources.map(r => r.object),
    ...desired.routing,
  ].map(objectRef);
  const previousRefs = appliedObjectsOf(liveNamespace);

  // Record everything about to be applied before applying it, so a pass
  // cut short still leaves a complete list to prune from.
  // The "applied" marker is carried over unchanged: dropping it here would
  // change the namespace (an event, another pass) on every partial pass.
  const marker =
    liveNamespace?.metadata.annotations?.[OperatorAnnotations.applied];
  await applyOnce(
    withAnnotations(desired.namespace, {
      [OperatorAnnotations.appliedObjects]: JSON.stringify(
        [...new Set([...previousRefs, ...desiredRefs])].sort(),
      ),
      ...(marker ? { [OperatorAnnotations.applied]: marker } : {}),
    }),
  );

  await Promise.all([
    ...desired.foundation.map(applyOnce),
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
  if (desired.routedToWaker) await applyRouting(desired, applyOnce);

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
        try {
          const applied = await applyOnce(resource.object);
          if (!resource.waitForReady || readinessOf(applied).ready) {
            done.add(resource.name);
          } else {
            outcome.waitingFor.push(resource.name);
          }
        } catch (error) {
          if (!isRefusal(error)) throw error;
          outcome.refused = {
            object: `${resource.object.kind} ${resource.object.metadata.name}`,
            message: error.message,
          };
        }
      }),
    );
    pending = pending.filter(r => !batch.includes(r));
  }
  outcome.blocked = pending.map(r => r.name);
  if (outcome.refused || pending.length > 0 || outcome.waitingFor.length > 0) {
    return outcome;
  }

  await scaleOtherWorkloads(
    client,
    sandbox,
    desired,
    namespace,
    options.resuming,
  );

  if (desired.seed && options.seedPending) {
    const job = await applyOnce(desired.seed.job);
    const readiness = readinessOf(job);
    outcome.seed = { complete: readiness.ready, failed: !!readiness.failed };
    if (desired.seed.waitForCompletion && !readiness.ready) return outcome;
  }

  await applyRouting(desired, applyOnce);

  const stale = previousRefs.filter(ref => !desiredRefs.includes(ref));
  await Promise.all(
    stale.map(async ref => {
      const [kind, name] = ref.split('/');
      const apiVersion = KIND_API_VERSIONS[kind];
      if (apiVersion) {
        await client.delete(resourceType(apiVersion, kind), name, namespace);
      }
    }),
  );
  outcome.complete = true;
  return outcome;
}

/** The waker's Service (when asleep) before the Ingresses that point at it. */
async function applyRouting(
  desired: DesiredState,
  applyOnce: (object: KubeObject) => Promise<KubeObject>,
) {
  const services = desired.routing.filter(o => o.kind === 'Service');
  await Promise.all(services.map(applyOnce));
  await Promise.all(
    desired.routing.filter(o => o.kind !== 'Service').map(applyOnce),
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

/** The namespace object with the "applied in full" marker. */
export function markApplied(desired: DesiredState, now: Date): KubeObject {
  return withAnnotations(desired.namespace, {
    [OperatorAnnotations.appliedObjects]: JSON.stringify(
      [
        ...desired.foundation,
        ...desired.resources.map(r => r.object),
        ...desired.routing,
      ]
        .map(objectRef)
        .sort(),
    ),
    [OperatorAnnotations.applied]: `${desired.hash}@${now.toISOString()}`,
  });
}

/**
 * Deployments and StatefulSets in the namespace that the template does not
 * define (someone added them by hand) are suspended too: replicas to zero
 * and the previous count in an annotation, in the same write; resume
 * restores the count from that annotation.
 */
async function scaleOtherWorkloads(
  client: KubeClient,
  sandbox: SandboxResource,
  desired: DesiredState,
  namespace: string,
  resuming: boolean,
) {
  const suspended = sandbox.spec.suspend === true;
  if (!suspended && !resuming) return;
  const known = new Set(desired.workloads.map(w => `${w.kind}/${w.name}`));
  for (const kind of WORKLOAD_KINDS) {
    const type = resourceType('apps/v1', kind);
    const { items } = await client.list(type, { namespace });
    await Promise.all(
      items
        .filter(item => !known.has(`${kind}/${item.metadata.name}`))
        .map(async item => {
          const replicas =
            (item.spec as { replicas?: number } | undefined)?.replicas ?? 1;
          const before =
            item.metadata.annotations?.[
              SandboxAnnotations.replicasBeforeSuspend
            ];
          if (suspended && replicas > 0) {
            await client.apply({
              apiVersion: 'apps/v1',
              kind,
              metadata: {
                name: item.metadata.name,
                namespace,
                annotations: {
                  [SandboxAnnotations.replicasBeforeSuspend]: String(replicas),
                },
              },
              spec: { replicas: 0 },
            });
          } else if (!suspended && before !== undefined) {
            await client.apply({
              apiVersion: 'apps/v1',
              kind,
              metadata: { name: item.metadata.name, namespace },
              spec: { replicas: Number(before) || 0 },
            });
          }
        }),
    );
  }
}
