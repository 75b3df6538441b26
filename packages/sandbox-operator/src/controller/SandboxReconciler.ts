import { randomBytes } from 'crypto';
import {
  SANDBOX_FINALIZER,
  SandboxConditionTypes,
  SandboxLabels,
  SandboxPhase,
  SandboxResource,
  SandboxStatus,
  SandboxTemplateResource,
  isReservedNamespace,
  sandboxNamespace,
  secretParametersStagingName,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { OperatorAnnotations } from '../api';
import { OperatorConfig, reservedNamespacesOf } from '../config';
import { KubeClient } from '../kube/KubeClient';
import { KubeApiError } from '../kube/errors';
import { resourceType } from '../kube/resources';
import { KubeObject } from '../kube/types';
import {
  AppliedMemo,
  applyDesiredState,
  markApplied,
  namespaceToApply,
  objectRef,
} from './applyDesiredState';
import { ConditionUpdate, mergeConditions } from './conditions';
import { buildDesiredState, DesiredState } from './desiredState';
import { diagnosePods } from './diagnosePods';
import { EventRecorder } from './EventRecorder';
import { effectiveExpiry } from './expiry';
import {
  claimNamespace,
  deletionProgress,
  MANAGED_BY,
  ownsNamespace,
} from './namespaceOwnership';
import { computeStatus } from './sandboxStatus';
import {
  readStagedSecretParameters,
  SecretParameterValues,
} from './secretParameters';
import { TemplateError } from './TemplateError';
import { readinessOf } from './workloads';

const SANDBOX = resourceType('sandboxkit.dev/v1alpha1', 'Sandbox');
const NAMESPACE = resourceType('v1', 'Namespace');
const POD = resourceType('v1', 'Pod');

/** Read access to the informers' caches. */
export interface ReconcilerCaches {
  sandbox(name: string): SandboxResource | undefined;
  template(name: string): SandboxTemplateResource | undefined;
  namespace(name: string): KubeObject | undefined;
  /** Namespaces whose controlling owner is a Sandbox of this name. */
  namespacesOwnedBy(sandboxName: string): KubeObject[];
  /** Cached Deployments, StatefulSets and Jobs of a namespace. */
  workloads(namespace: string): KubeObject[];
  /** A cached Secret of the secret parameters' staging namespace. */
  stagingSecret(name: string): KubeObject | undefined;
}

/** When to look at a sandbox again, besides watch events. */
export interface ReconcileResult {
  requeueAfterMs?: number;
  /**
   * Waiting on something that may take long (a namespace stuck
   * terminating, a failing workload): look again after an exponentially
   * growing delay, as client-go's rate-limited requeue does.
   */
  backoff?: boolean;
}

/** Options of {@link SandboxReconciler}. */
export interface SandboxReconcilerOptions {
  client: KubeClient;
  config: OperatorConfig;
  caches: ReconcilerCaches;
  events: EventRecorder;
  now?: () => Date;
  onPhaseChange?: (from: SandboxPhase | undefined, to: SandboxPhase) => void;
}

const PROGRESS_REQUEUE_MS = 2_000;
const DIAGNOSE_AFTER_MS = 3_000;

/**
 * Reconciles one Sandbox: reads the world, computes what should be, applies
 * the difference and writes status. It does not care why it was called and
 * can run any number of times: a second pass over an unchanged sandbox
 * reads caches and writes nothing.
 */
export class SandboxReconciler {
  readonly #client: KubeClient;
  readonly #config: OperatorConfig;
  readonly #caches: ReconcilerCaches;
  readonly #events: EventRecorder;
  readonly #now: () => Date;
  readonly #onPhaseChange?: SandboxReconcilerOptions['onPhaseChange'];
  /**
   * The "applied in full" marker last written per sandbox. The namespace
   * annotation carries it across restarts; this copy covers the moment
   * before the namespace watch delivers our own write.
   */
  readonly #applied = new Map<string, string>();
  /** Per Sandbox uid: objects applied this term (see AppliedMemo). */
  readonly #memos = new Map<string, AppliedMemo>();
  /**
   * Per Sandbox uid: what the cluster last refused, and the Sandbox
   * generation and template generation it refused. The same inputs are
   * not sent again: only a change to either can make a difference.
   */
  readonly #refusals = new Map<
    string,
    { generation: number; templateVersion: string }
  >();
  readonly #reserved: string[];
  /**
   * Per Sandbox uid: the namespace this term created, until the namespace
   * watch delivers it, so passes in between do not create it again.
   */
  readonly #createdNamespaces = new Map<string, KubeObject>();

  constructor(options: SandboxReconcilerOptions) {
    this.#client = options.client;
    this.#config = options.config;
    this.#caches = options.caches;
    this.#events = options.events;
    this.#now = options.now ?? (() => new Date());
    this.#onPhaseChange = options.onPhaseChange;
    this.#reserved = reservedNamespacesOf(options.config);
  }

  async reconcile(name: string): Promise<ReconcileResult> {
    const cached = this.#caches.sandbox(name);
    if (!cached) return this.#cleanUpOrphans(name);
    if (cached.metadata.deletionTimestamp) return this.#finalize(cached);

    let sandbox = cached;
    if (!sandbox.metadata.finalizers?.includes(SANDBOX_FINALIZER)) {
      sandbox = await this.#client.mergePatch<SandboxResource>(
        SANDBOX,
        name,
        undefined,
        {
          metadata: {
            resourceVersion: sandbox.metadata.resourceVersion,
            finalizers: [
              ...(sandbox.metadata.finalizers ?? []),
              SANDBOX_FINALIZER,
            ],
          },
        },
      );
    }

    const now = this.#now();
    const template = this.#caches.template(sandbox.spec.templateRef.name);
    const expiresAt = effectiveExpiry(
      sandbox,
      template,
      this.#config.maxExtensionMinutes,
    );
    if (Number.isFinite(expiresAt) && expiresAt <= now.getTime()) {
      return this.#expire(sandbox, expiresAt);
    }
    const untilExpiry = Number.isFinite(expiresAt)
      ? expiresAt - now.getTime()
      : undefined;
    const withExpiry = (result: ReconcileResult): ReconcileResult => {
      const candidates = [result.requeueAfterMs, untilExpiry].filter(
        (v): v is number => v !== undefined,
      );
      return candidates.length
        ? { requeueAfterMs: Math.min(...candidates) }
        : {};
    };

    if (!template) {
      await this.#writeStatus(sandbox, 'Pending', [
        {
          type: SandboxConditionTypes.TemplateValid,
          status: 'False',
          reason: 'TemplateNotFound',
          message: `The template "${sandbox.spec.templateRef.name}" does not exist. The sandbox starts once it is created.`,
        },
        this.#notReady('TemplateNotFound', 'Waiting for its template.'),
      ]);
      return withExpiry({});
    }

    const staged = readStagedSecretParameters(
      sandbox,
      this.#caches.stagingSecret(
        secretParametersStagingName(sandbox.metadata.uid!),
      ),
      this.#config.secretParametersNamespace,
    );
    const secretValues: SecretParameterValues | undefined =
      staged?.state === 'ready' ? staged.values : undefined;
    let desired: DesiredState;
    try {
      desired = buildDesiredState(
        sandbox,
        template,
        this.#config,
        () => randomBytes(18).toString('base64url'),
        secretValues,
      );
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      this.#applied.delete(name);
      await this.#writeStatus(sandbox, 'Failed', [
        {
          type: SandboxConditionTypes.TemplateValid,
          status: 'False',
          reason: error.reason,
          message: error.message,
        },
        this.#notReady(error.reason, error.message),
      ]);
      return withExpiry({});
    }
    if (staged?.state === 'waiting') {
      // Nothing is applied: a workload started without its secret would
      // run misconfigured. The staging Secret's watch brings the sandbox
      // back here when the values arrive.
      this.#applied.delete(name);
      await this.#writeStatus(sandbox, 'Pending', [
        this.#notReady(staged.reason, staged.message),
      ]);
      return withExpiry({});
    }

    const nsName = desired.namespace.metadata.name!;
    if (isReservedNamespace(nsName, this.#reserved)) {
      const message = `The namespace ${nsName} is reserved and can never hold a sandbox; choose another name.`;
      await this.#writeStatus(sandbox, 'Failed', [
        {
          type: SandboxConditionTypes.NamespaceReady,
          status: 'False',
          reason: 'ReservedNamespace',
          message,
        },
        this.#notReady('ReservedNamespace', message),
      ]);
      return withExpiry({});
    }
    const memo = this.#memoOf(sandbox);
    const uid = sandbox.metadata.uid!;
    const cachedNamespace = this.#caches.namespace(nsName);
    if (cachedNamespace) this.#createdNamespaces.delete(uid);
    const knownNamespace = cachedNamespace ?? this.#createdNamespaces.get(uid);
    const intended = namespaceToApply(desired, knownNamespace);
    const claim = await claimNamespace(
      this.#client,
      sandbox,
      intended,
      knownNamespace,
    );
    if (claim.state !== 'owned') {
      const conflict = claim.state === 'conflict';
      if (
        claim.state === 'previous' &&
        !claim.namespace.metadata.deletionTimestamp
      ) {
        await this.#client.delete(NAMESPACE, nsName, undefined, {
          uid: claim.namespace.metadata.uid,
        });
      }
      const reason = conflict
        ? 'NamespaceConflict'
        : 'PreviousNamespaceTerminating';
      this.#applied.delete(name);
      await this.#writeStatus(sandbox, conflict ? 'Failed' : 'Pending', [
        {
          type: SandboxConditionTypes.NamespaceReady,
          status: 'False',
          reason,
          message: claim.message,
        },
        this.#notReady(reason, claim.message),
      ]);
      // A conflict lasts until someone acts; a namespace going away is
      // looked at again, less often the longer it takes.
      return withExpiry(conflict ? {} : { backoff: true });
    }
    if (claim.created) {
      memo.set(objectRef(intended), AppliedMemo.hash(intended));
      this.#createdNamespaces.set(uid, claim.namespace);
    }
    const liveNamespace = claim.namespace;

    const seedPending =
      !!desired.seed &&
      sandbox.spec.suspend !== true &&
      (sandbox.status?.seededGeneration ?? -1) < desired.seed.generation;
    const objects = new Map<string, KubeObject>(
      this.#caches.workloads(nsName).map(o => [objectRef(o), o]),
    );
    const fast = this.#isUpToDate(
      name,
      liveNamespace,
      desired,
      objects,
      seedPending,
      now,
    );

    let waitingFor: string[] = [];
    let blocked: string[] = [];
    let refused;
    let seed: { complete: boolean; failed: boolean } | undefined;
    let complete = fast;
    const inputs = {
      generation: sandbox.metadata.generation ?? 0,
      // Generation, not resourceVersion: the template's status (its Valid
      // condition) changes nothing the refusal depends on.
      templateVersion: String(template.metadata.generation ?? 0),
    };
    const refusedBefore = this.#refusals.get(sandbox.metadata.uid!);
    if (
      refusedBefore &&
      refusedBefore.generation === inputs.generation &&
      refusedBefore.templateVersion === inputs.templateVersion
    ) {
      // Nothing the refusal depends on changed: the status already says why.
      return withExpiry({});
    }
    this.#refusals.delete(sandbox.metadata.uid!);
    if (!fast) {
      const outcome = await applyDesiredState({
        client: this.#client,
        sandbox,
        desired,
        liveNamespace,
        seedPending,
        memo,
        cached: objects,
      });
      for (const [key, object] of outcome.observed) objects.set(key, object);
      ({ waitingFor, blocked, refused, seed, complete } = outcome);
    }

    const seeded =
      !seedPending ||
      !!seed?.complete ||
      (!!seed && !desired.seed!.waitForCompletion);
    // Pods are only examined once a sandbox has been starting for a while:
    // while it provisions normally, every workload event would cost a list.
    const startingSince =
      Date.parse(sandbox.status?.phaseTransitionTime ?? '') || now.getTime();
    const needsDiagnosis =
      !refused &&
      sandbox.spec.suspend !== true &&
      (sandbox.status?.phase === 'Failed' ||
        now.getTime() - startingSince >= DIAGNOSE_AFTER_MS) &&
      desired.workloads.some(w => {
        const o = objects.get(`${w.kind}/${w.name}`);
        return !o || !readinessOf(o).ready;
      });
    const podProblem = needsDiagnosis
      ? diagnosePods(
          (await this.#client.list(POD, { namespace: nsName })).items,
        )
      : undefined;

    const { status, converged } = computeStatus(
      sandbox,
      {
        desired,
        objects,
        waitingFor,
        blocked,
        refused,
        seeded,
        seedFailed: !!seed?.failed,
        podProblem,
      },
      now,
    );
    if (status.phase === 'Ready' && desired.routedToWaker) {
      // Awake again: routing goes back to the app before the status says
      // Ready, so whoever sees Ready (the waiting page) reaches the app.
      desired = buildDesiredState(
        { ...sandbox, status },
        template,
        this.#config,
        () => randomBytes(18).toString('base64url'),
        secretValues,
      );
      ({ complete } = await applyDesiredState({
        client: this.#client,
        sandbox,
        desired,
        liveNamespace,
        seedPending: false,
        memo,
        cached: objects,
      }));
    }
    await this.#putStatus(sandbox, status);
    if (converged && complete && !fast) {
      const marked = markApplied(desired, now);
      await this.#client.apply(marked);
      this.#applied.set(
        name,
        marked.metadata.annotations![OperatorAnnotations.applied],
      );
    } else if (!converged) {
      this.#applied.delete(name);
    }
    if (refused) {
      this.#refusals.set(sandbox.metadata.uid!, inputs);
      return withExpiry({});
    }
    if (converged) return withExpiry({});
    return withExpiry(
      status.phase === 'Failed'
        ? { backoff: true }
        : { requeueAfterMs: PROGRESS_REQUEUE_MS },
    );
  }

  #memoOf(sandbox: SandboxResource): AppliedMemo {
    const uid = sandbox.metadata.uid!;
    let memo = this.#memos.get(uid);
    if (!memo) {
      memo = new AppliedMemo(this.#config.driftRepairPeriodMs);
      this.#memos.set(uid, memo);
    }
    return memo;
  }

  #forget(sandbox: SandboxResource) {
    this.#applied.delete(sandbox.metadata.name!);
    this.#memos.delete(sandbox.metadata.uid!);
    this.#refusals.delete(sandbox.metadata.uid!);
    this.#createdNamespaces.delete(sandbox.metadata.uid!);
  }

  /**
   * True when the namespace records that exactly this desired state was
   * applied in full recently, and every workload is still there: then the
   * pass only refreshes status from the caches.
   */
  #isUpToDate(
    name: string,
    namespace: KubeObject | undefined,
    desired: DesiredState,
    objects: Map<string, KubeObject>,
    seedPending: boolean,
    now: Date,
  ): boolean {
    if (!namespace || namespace.metadata.deletionTimestamp || seedPending)
      return false;
    const marker =
      this.#applied.get(name) ??
      namespace.metadata.annotations?.[OperatorAnnotations.applied];
    if (!marker) return false;
    const [hash, at] = marker.split('@');
    if (hash !== desired.hash) return false;
    if (now.getTime() - Date.parse(at) > this.#config.driftRepairPeriodMs)
      return false;
    return desired.workloads.every(w => objects.has(`${w.kind}/${w.name}`));
  }

  async #expire(
    sandbox: SandboxResource,
    expiresAt: number,
  ): Promise<ReconcileResult> {
    this.#forget(sandbox);
    const at = new Date(expiresAt).toISOString();
    const clamped =
      at !== new Date(Date.parse(sandbox.spec.expiresAt)).toISOString();
    await this.#writeStatus(sandbox, 'Expired', [
      this.#notReady(
        'Expired',
        clamped
          ? `The sandbox reached its template's longest lifetime at ${at} (it asked for ${sandbox.spec.expiresAt}) and is being deleted.`
          : `The sandbox expired at ${sandbox.spec.expiresAt} and is being deleted.`,
      ),
    ]);
    await this.#client.delete(SANDBOX, sandbox.metadata.name!, undefined, {
      uid: sandbox.metadata.uid,
    });
    return {};
  }

  /** Deletes the namespace; drops the finalizer only once it is gone. */
  async #finalize(sandbox: SandboxResource): Promise<ReconcileResult> {
    try {
      return await this.#deleteNamespaceThenRelease(sandbox);
    } catch (error) {
      // The cache still holds a Sandbox whose deletion has completed: the
      // API no longer has it, so there is nothing left to do.
      if (error instanceof KubeApiError && error.statusCode === 404) return {};
      throw error;
    }
  }

  async #deleteNamespaceThenRelease(
    sandbox: SandboxResource,
  ): Promise<ReconcileResult> {
    this.#forget(sandbox);
    if (!sandbox.metadata.finalizers?.includes(SANDBOX_FINALIZER)) return {};
    const nsName =
      sandbox.status?.namespace ??
      sandboxNamespace(sandbox.metadata.name!, this.#config.namespacePrefix);
    await this.#writeStatus(sandbox, 'Deleting', [
      this.#notReady(
        'Deleting',
        `Deleting namespace ${nsName} and everything in it.`,
      ),
    ]);
    const live = await this.#client.get(NAMESPACE, nsName);
    if (live && ownsNamespace(live, sandbox)) {
      if (!live.metadata.deletionTimestamp) {
        await this.#client.delete(NAMESPACE, nsName, undefined, {
          uid: live.metadata.uid,
        });
      } else {
        await this.#writeStatus(sandbox, 'Deleting', [
          this.#notReady(
            'Deleting',
            `Namespace ${nsName} is terminating${deletionProgress(live)}.`,
          ),
        ]);
      }
      return { backoff: true };
    }
    await this.#client.mergePatch(SANDBOX, sandbox.metadata.name!, undefined, {
      metadata: {
        resourceVersion: sandbox.metadata.resourceVersion,
        finalizers: sandbox.metadata.finalizers.filter(
          f => f !== SANDBOX_FINALIZER,
        ),
      },
    });
    return {};
  }

  /** A namespace whose Sandbox no longer exists is deleted. */
  async #cleanUpOrphans(name: string): Promise<ReconcileResult> {
    const namespaces = this.#caches.namespacesOwnedBy(name);
    if (namespaces.length === 0) return {};
    // The cache may lag: only the API can say the Sandbox is really gone.
    const live = await this.#client.get<SandboxResource>(SANDBOX, name);
    let pending = false;
    for (const ns of namespaces) {
      // Only what the operator made, for a Sandbox that no longer exists.
      if (ns.metadata.labels?.[SandboxLabels.managedBy] !== MANAGED_BY)
        continue;
      if (live && ownsNamespace(ns, live)) continue;
      pending = true;
      if (!ns.metadata.deletionTimestamp) {
        await this.#client.delete(NAMESPACE, ns.metadata.name!, undefined, {
          uid: ns.metadata.uid,
        });
      }
    }
    return pending ? { backoff: true } : {};
  }

  #notReady(reason: string, message: string): ConditionUpdate {
    return {
      type: SandboxConditionTypes.Ready,
      status: 'False',
      reason,
      message,
    };
  }

  async #writeStatus(
    sandbox: SandboxResource,
    phase: SandboxPhase,
    conditions: ConditionUpdate[],
  ) {
    const previous = sandbox.status ?? {};
    const nowIso = this.#now().toISOString();
    const generation = sandbox.metadata.generation ?? 0;
    await this.#putStatus(sandbox, {
      ...previous,
      phase,
      observedGeneration: generation,
      conditions: mergeConditions(
        previous.conditions,
        conditions,
        generation,
        nowIso,
      ),
      phaseTransitionTime:
        previous.phase === phase
          ? previous.phaseTransitionTime ?? nowIso
          : nowIso,
    });
  }

  /** Writes status when it changed, and records an event when the phase did. */
  async #putStatus(sandbox: SandboxResource, status: SandboxStatus) {
    const previous = sandbox.status ?? {};
    if (stableJson(previous) === stableJson(status)) return;
    await this.#client.apply(
      {
        apiVersion: sandbox.apiVersion,
        kind: 'Sandbox',
        metadata: { name: sandbox.metadata.name },
        status,
      },
      { subresource: 'status' },
    );
    if (previous.phase !== status.phase && status.phase) {
      this.#onPhaseChange?.(previous.phase, status.phase);
      const ready = status.conditions?.find(c => c.type === 'Ready');
      const warning = status.phase === 'Failed' || status.phase === 'Expired';
      await this.#events.record(
        sandbox,
        warning ? 'Warning' : 'Normal',
        status.phase,
        ready?.message ?? `Phase ${status.phase}`,
      );
    }
  }
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}
