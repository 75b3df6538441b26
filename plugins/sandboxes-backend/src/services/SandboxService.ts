import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  ForwardedError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  CreateSandboxRequest,
  ListSandboxesResponse,
  SANDBOX_API_GROUP_VERSION,
  SandboxActivity,
  SandboxAnnotations,
  WakeRefusal,
  WakeRequest,
  SandboxDetails,
  SandboxLabels,
  SandboxResource,
  SandboxTemplateInfo,
  SecretParametersRef,
  splitSecretParameterValues,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import type { Request } from 'express';
import { JsonObject } from '@backstage/types';
import { randomUUID } from 'node:crypto';
import { DatabaseSandboxStore } from '../database/DatabaseSandboxStore';
import { LAST_WRITE_ANNOTATION } from '../database/lastWrite';
import {
  SandboxListQuery,
  SandboxPermissionCriteria,
  SandboxRecord,
} from '../database/types';
import { KubernetesAdapter } from '../kube/KubernetesAdapter';
import { ActivityService, SandboxIncarnation } from './ActivityService';
import { LifetimePolicy } from './LifetimePolicy';
import { LinkBuilder } from './LinkBuilder';
import { NamespaceGuard } from './NamespaceGuard';
import { EntityReadCheck } from './catalogEntities';
import { generateSandboxName } from './names';
import {
  describeChanges,
  planChange,
  SandboxChange,
  SECRET_VALUE_SHOWN,
  templateComponents,
} from './planChange';
import { resolveParameters, resolveSize } from './parameters';
import { toDetails, toSandbox } from './presenter';
import { QuotaService } from './QuotaService';
import { SandboxIndexer } from './SandboxIndexer';
import { SecretParameterStaging } from './SecretParameterStaging';
import { SecretParametersNotStoredError } from './SecretParametersNotStoredError';
import { TemplateCatalog, toTemplateInfo } from './TemplateCatalog';

/**
 * Who asks for a change: a user entity ref, or "autoscaler" / "system";
 * the HTTP request when there is one (for the audit log).
 *
 * @public
 */
export interface ActorContext {
  actor: string;
  request?: Request;
}

/** @public */
export interface SuspendOptions extends ActorContext {
  reason: string;
  /** What the decision rests on (metric values, window), kept in the activity. */
  evidence?: Record<string, unknown>;
}

/** @public */
export interface ResumeOptions extends ActorContext {
  reason: string;
  /**
   * The waker's wake request this resume carries out: it is removed in the
   * same write, which only succeeds against the resource version it was
   * seen in (so of several backend replicas exactly one wakes it).
   */
  wakeRequest?: WakeRequest & { resourceVersion?: string };
}

/** @public */
export interface CreateContext extends ActorContext {
  /** Groups of the caller, for group quotas. */
  groups: string[];
  /** The caller's, to look up `entityRef` in the catalog on their behalf. */
  credentials: BackstageCredentials;
  /** More annotations of the Sandbox (e.g. the pull request it is for). */
  annotations?: Record<string, string>;
}

const MANAGED_BY = 'backstage-sandboxes';

/**
 * Everything the API, the autoscaler and other callers may do to sandboxes.
 * The Sandbox resource stays the truth: every write goes to the cluster and
 * the index is updated from its answer, so each write returns the new state.
 *
 * @public
 */
export class SandboxService {
  readonly #store: DatabaseSandboxStore;
  readonly #quotas: QuotaService;
  readonly #activity: ActivityService;
  readonly #adapter: KubernetesAdapter;
  readonly #templates: TemplateCatalog;
  readonly #lifetime: LifetimePolicy;
  readonly #links: LinkBuilder;
  readonly #namespaces: NamespaceGuard;
  readonly #indexer: SandboxIndexer;
  readonly #auditor: AuditorService;
  readonly #logger: LoggerService;
  readonly #entities: EntityReadCheck;
  readonly #secretParameters: SecretParameterStaging;

  constructor(options: {
    store: DatabaseSandboxStore;
    quotas: QuotaService;
    activity: ActivityService;
    adapter: KubernetesAdapter;
    templates: TemplateCatalog;
    lifetime: LifetimePolicy;
    links: LinkBuilder;
    namespaces: NamespaceGuard;
    indexer: SandboxIndexer;
    auditor: AuditorService;
    logger: LoggerService;
    /** Checks `entityRef` against the catalog on the caller's behalf. */
    entities: EntityReadCheck;
    /** Where the values of secret parameters go instead of the Sandbox. */
    secretParameters: SecretParameterStaging;
  }) {
    this.#store = options.store;
    this.#quotas = options.quotas;
    this.#activity = options.activity;
    this.#adapter = options.adapter;
    this.#templates = options.templates;
    this.#lifetime = options.lifetime;
    this.#links = options.links;
    this.#namespaces = options.namespaces;
    this.#indexer = options.indexer;
    this.#auditor = options.auditor;
    this.#logger = options.logger;
    this.#entities = options.entities;
    this.#secretParameters = options.secretParameters;
  }

  async create(
    input: CreateSandboxRequest,
    ctx: CreateContext,
  ): Promise<SandboxDetails> {
    return this.#audited(
      'sandbox-create',
      ctx,
      { template: input.template, name: input.name ?? null },
      async () => {
        const { cluster, resource: template } = await this.#templates.findValid(
          input.template,
          input.cluster,
        );
        // Secret values go only to the staging Secret, never on the Sandbox.
        const { plain: parameters, secret } = splitSecretParameterValues(
          template.spec.parameters ?? [],
          resolveParameters(template.spec, input.parameters),
        );
        const size = resolveSize(template.spec, input.size);
        if (input.entityRef) {
          await this.#entities(input.entityRef, ctx.credentials, 'entityRef');
        }
        const now = new Date();
        const expiresAt = this.#lifetime.initialExpiry(
          template.spec,
          input.ttlMinutes,
          now,
        );
        for (let attempt = 0; ; attempt++) {
          const name = input.name ?? generateSandboxName(input.template);
          try {
            await this.#namespaces.checkNewSandbox(cluster, name);
          } catch (error) {
            // A generated name that collides gets another draw.
            if (error instanceof ConflictError && !input.name && attempt < 3)
              continue;
            throw error;
          }
          const resource = this.#newResource(name, input, ctx.actor, {
            parameters,
            secretKeys: Object.keys(secret).sort(),
            size,
            expiresAt,
            annotations: ctx.annotations,
          });
          try {
            await this.#quotas.transaction(async tx => {
              await this.#store.insertReservation(tx, cluster, resource, now);
              await this.#quotas.reserve(
                tx,
                name,
                {
                  owner: ctx.actor,
                  groups: ctx.groups,
                  template: input.template,
                  size,
                },
                now,
              );
            });
          } catch (error) {
            // A generated name that collides gets another draw.
            if (error instanceof ConflictError && !input.name && attempt < 3)
              continue;
            throw error;
          }
          let created: SandboxResource;
          try {
            created = await this.#adapter.createSandbox(cluster, resource);
          } catch (error) {
            // Give the name and slots back: the cluster has nothing for them.
            await this.#quotas.release(name);
            await this.#store.deleteRecord(name);
            throw error;
          }
          if (Object.keys(secret).length > 0) {
            await this.#stageOrUndo(cluster, created, secret);
          }
          const record = await this.#observe(cluster, created);
          await this.#activity.record({
            sandbox: record,
            type: 'created',
            actor: ctx.actor,
            message: `Created from template '${
              template.spec.displayName
            }', expires ${expiresAt.toISOString()}`,
            details: {
              owner: ctx.actor,
              template: input.template,
              size: size ?? null,
              ttlMinutes: Math.round(
                (expiresAt.getTime() - now.getTime()) / 60_000,
              ),
            },
          });
          return this.#details(record);
        }
      },
    );
  }

  /**
   * Writes a new sandbox's secret values; when that fails, deletes the
   * sandbox and gives its name and quota slots back, so a failed create
   * leaves nothing (the garbage collector removes a Secret written before a
   * lost answer, since the Sandbox owns it).
   */
  async #stageOrUndo(
    cluster: string,
    created: SandboxResource,
    values: Record<string, string>,
  ): Promise<void> {
    const name = created.metadata.name!;
    try {
      await this.#secretParameters.create(
        cluster,
        { name, uid: created.metadata.uid! },
        values,
      );
    } catch (error) {
      // Marked first: the watch seeing it go records no 'deleted' entry.
      await this.#store.setBookkeeping(name, {
        deletionRequestedAt: new Date(),
      });
      try {
        await this.#adapter.deleteSandbox(cluster, name);
      } catch (deleteError) {
        // It exists without its values: it keeps its slot until deleted.
        throw new ForwardedError(
          `Sandbox '${name}' was created, but its secret parameters could not be stored (${
            (error as Error).message
          }) nor the sandbox deleted; delete it`,
          deleteError,
        );
      }
      await this.#quotas.release(name);
      await this.#store.deleteRecord(name);
      const message = `Could not store the secret parameters in namespace '${
        this.#secretParameters.namespace
      }' of cluster '${cluster}', so the sandbox was not created`;
      // Unreachable stays 503 (try again); anything else is the backend's
      // setup (namespace missing, no permission), not the caller's input.
      throw error instanceof ServiceUnavailableError
        ? new ForwardedError(message, error)
        : new SecretParametersNotStoredError(message, error);
    }
  }

  async list(
    query: SandboxListQuery,
    permission?: SandboxPermissionCriteria,
  ): Promise<ListSandboxesResponse> {
    const page = await this.#store.list(query, permission);
    return {
      items: page.records.map(r => toSandbox(r, this.#isStale(r))),
      totalCount: page.totalCount,
      nextCursor: page.nextCursor,
    };
  }

  /** The indexed record (for permission checks); NotFoundError when absent. */
  async getRecord(name: string): Promise<SandboxRecord> {
    const record = await this.#store.get(name);
    if (!record) throw new NotFoundError(`No sandbox named '${name}'`);
    return record;
  }

  /** The Sandbox as its cluster has it now (the index may lag behind). */
  async getLive(name: string): Promise<SandboxResource> {
    const record = await this.getRecord(name);
    return this.#adapter.getSandbox(record.cluster, name);
  }

  async get(name: string): Promise<SandboxDetails> {
    return this.#details(await this.getRecord(name));
  }

  async suspend(
    name: string,
    options: SuspendOptions,
  ): Promise<SandboxDetails> {
    return this.#audited(
      'sandbox-suspend',
      options,
      { name, reason: options.reason },
      async () => {
        const current = await this.getRecord(name);
        if (current.suspended) return this.#details(current);
        const record = await this.#patch(current, {
          metadata: {
            annotations: {
              [SandboxAnnotations.suspendReason]: options.reason,
              [SandboxAnnotations.suspendedBy]: options.actor,
            },
          },
          spec: { suspend: true },
        });
        await this.#activity.record({
          sandbox: record,
          type: 'suspended',
          actor: options.actor,
          message: `Scaled down: ${options.reason}`,
          details: { reason: options.reason, ...(options.evidence ?? {}) },
        });
        return this.#details(record);
      },
    );
  }

  async resume(name: string, options: ResumeOptions): Promise<SandboxDetails> {
    return this.#audited(
      'sandbox-resume',
      options,
      { name, reason: options.reason },
      async () => {
        const current = await this.getRecord(name);
        const wake = options.wakeRequest;
        if (!current.suspended) {
          // Already awake (woken otherwise meanwhile): the request is spent.
          if (wake) {
            await this.#patch(current, {
              metadata: {
                annotations: { [SandboxAnnotations.wakeRequest]: null },
              },
            });
          }
          return this.#details(current);
        }
        await this.#quotas.ensureHeld(name, {
          owner: current.owner,
          groups: [],
          template: current.template,
        });
        const record = await this.#patch(current, {
          metadata: {
            ...(wake?.resourceVersion
              ? { resourceVersion: wake.resourceVersion }
              : {}),
            annotations: {
              [SandboxAnnotations.suspendReason]: null,
              [SandboxAnnotations.suspendedBy]: null,
              ...(wake
                ? {
                    [SandboxAnnotations.wakeRequest]: null,
                    [SandboxAnnotations.wakeRefused]: null,
                    [SandboxAnnotations.wokenByRequest]: JSON.stringify({
                      at: wake.at,
                      host: wake.host,
                    }),
                  }
                : {}),
            },
          },
          spec: { suspend: false },
        });
        const now = new Date();
        await this.#store.setBookkeeping(name, { lastResumedAt: now });
        await this.#activity.record({
          sandbox: record,
          type: 'resumed',
          actor: options.actor,
          message: wake
            ? `Woken by a request to ${wake.host}`
            : `Woken up: ${options.reason}`,
          details: {
            reason: options.reason,
            ...(wake ? { requestedAt: wake.at, host: wake.host } : {}),
          },
        });
        return this.#details({ ...record, lastResumedAt: now });
      },
    );
  }

  /** Writes why a wake request was not carried out, for the waker's page. */
  async answerWakeRequest(name: string, refusal: WakeRefusal): Promise<void> {
    const current = await this.getRecord(name);
    await this.#patch(current, {
      metadata: {
        annotations: {
          [SandboxAnnotations.wakeRequest]: null,
          [SandboxAnnotations.wakeRefused]: JSON.stringify(refusal),
        },
      },
    });
  }

  /** Checks a change as `change` would, without writing anything. */
  async checkChange(name: string, change: SandboxChange): Promise<void> {
    await this.#plan(await this.getRecord(name), change);
  }

  async #plan(current: SandboxRecord, change: SandboxChange) {
    const { resource: template } = await this.#templates.find(
      current.template,
      current.cluster,
    );
    return planChange(current.resource, template.spec, change);
  }

  /**
   * Changes a running sandbox: display name, size, images, mutable
   * parameters and followed branches, checked against its template as a
   * create is. A size change takes the new size's quota slot first; the
   * operator rolls out the rest. Nothing is written when nothing changes.
   */
  async change(
    name: string,
    change: SandboxChange,
    ctx: ActorContext & {
      activity?: 'changed' | 'build-deployed';
      /**
       * Write only if the Sandbox is still at this resourceVersion; the
       * cluster answers 409 (ConflictError) when it changed meanwhile.
       */
      resourceVersion?: string;
    },
  ): Promise<SandboxDetails> {
    return this.#audited(
      'sandbox-change',
      ctx,
      { name, change: await this.#auditedChange(name, change) },
      async () => {
        const current = await this.getRecord(name);
        const plan = await this.#plan(current, change);
        if (plan.changes.length === 0) return this.#details(current);
        const size = plan.specPatch.size as string | undefined;
        if (size) {
          await this.#quotas.changeSize(
            name,
            current.owner,
            current.resource.spec.size,
            size,
          );
        }
        let record: SandboxRecord;
        try {
          // The values first: the revision bump then makes the operator
          // copy values that are already there.
          if (Object.keys(plan.secretValues).length > 0) {
            await this.#secretParameters.update(
              current.cluster,
              { name, uid: current.resource.metadata.uid! },
              plan.secretValues,
            );
          }
          record =
            Object.keys(plan.secretValues).length > 0 && !ctx.resourceVersion
              ? await this.#patchSecretRevision(current, plan.specPatch)
              : await this.#patch(
                  current,
                  { spec: plan.specPatch },
                  ctx.resourceVersion,
                );
        } catch (error) {
          if (size) {
            await this.#quotas.changeSize(
              name,
              current.owner,
              size,
              current.resource.spec.size ?? size,
            );
          }
          throw error;
        }
        await this.#activity.record({
          sandbox: record,
          type: ctx.activity ?? 'changed',
          actor: ctx.actor,
          message: `Changed ${describeChanges(plan.changes)}`,
          details: { changes: plan.changes },
        });
        return this.#details(record);
      },
    );
  }

  /**
   * Writes a change that bumps `spec.secretParameters.revision`. The bump
   * must be a new generation even when two changes race (else the operator
   * may not copy the later value), so it counts from the live Sandbox and is
   * written only onto that version, read again after a 409.
   */
  async #patchSecretRevision(
    current: SandboxRecord,
    specPatch: Record<string, unknown>,
  ): Promise<SandboxRecord> {
    const planned = specPatch.secretParameters as SecretParametersRef;
    for (let attempt = 0; ; attempt++) {
      const live = await this.#adapter.getSandbox(
        current.cluster,
        current.name,
      );
      const given = live.spec.secretParameters;
      const secretParameters: SecretParametersRef = {
        keys: [...new Set([...(given?.keys ?? []), ...planned.keys])].sort(),
        revision: (given?.revision ?? 0) + 1,
      };
      try {
        return await this.#patch(
          current,
          { spec: { ...specPatch, secretParameters } },
          live.metadata.resourceVersion,
        );
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= 4) throw error;
      }
    }
  }

  /**
   * A change as the audit log keeps it: secret parameters' values are shown
   * as "set". When the template cannot be read, no parameter value is kept.
   */
  async #auditedChange(name: string, change: SandboxChange) {
    const copy = JSON.parse(JSON.stringify(change)) as SandboxChange;
    if (!copy.parameters) return copy as unknown as JsonObject;
    const secretNames = await this.getRecord(name)
      .then(record => this.#templates.find(record.template, record.cluster))
      .then(
        ({ resource }) =>
          new Set(
            (resource.spec.parameters ?? [])
              .filter(p => p.secret)
              .map(p => p.name),
          ),
        () => undefined,
      );
    for (const key of Object.keys(copy.parameters)) {
      if (!secretNames || secretNames.has(key)) {
        copy.parameters[key] = SECRET_VALUE_SHOWN;
      }
    }
    return copy as unknown as JsonObject;
  }

  async extend(
    name: string,
    minutes: number,
    ctx: ActorContext,
  ): Promise<SandboxDetails> {
    return this.#audited('sandbox-extend', ctx, { name, minutes }, async () => {
      const current = await this.getRecord(name);
      const expiresAt = this.#lifetime.extendedExpiry(
        current,
        minutes,
        new Date(),
      );
      // Take the extension first so two concurrent extends cannot both pass.
      if (
        !(await this.#store.tryUseExtension(
          name,
          this.#lifetime.maxExtensionCount,
        ))
      ) {
        throw new InputError('minutes: no extension left for this sandbox');
      }
      let record: SandboxRecord;
      try {
        record = await this.#patch(current, {
          spec: { expiresAt: expiresAt.toISOString() },
        });
      } catch (error) {
        await this.#store.returnExtension(name);
        throw error;
      }
      await this.#activity.record({
        sandbox: record,
        type: 'extended',
        actor: ctx.actor,
        message: `Extended by ${minutes} minutes, now expires ${expiresAt.toISOString()}`,
        details: {
          minutes,
          previousExpiresAt: current.expiresAt.toISOString(),
        },
      });
      return this.#details(record);
    });
  }

  async reseed(name: string, ctx: ActorContext): Promise<SandboxDetails> {
    return this.#audited('sandbox-reseed', ctx, { name }, async () => {
      const current = await this.getRecord(name);
      const live = await this.#adapter.getSandbox(current.cluster, name);
      const record = await this.#patch(current, {
        spec: { seedGeneration: (live.spec.seedGeneration ?? 0) + 1 },
      });
      await this.#activity.record({
        sandbox: record,
        type: 'reseeded',
        actor: ctx.actor,
        message: 'Seed data requested again',
      });
      return this.#details(record);
    });
  }

  async keepAwake(
    name: string,
    until: Date | null,
    ctx: ActorContext,
  ): Promise<SandboxDetails> {
    return this.#audited(
      'sandbox-keep-awake',
      ctx,
      { name, until: until?.toISOString() ?? null },
      async () => {
        const current = await this.getRecord(name);
        if (until && until <= new Date()) {
          throw new InputError('until: must be a time in the future');
        }
        // Refused rather than clamped: the caller learns the sandbox ends
        // first and can extend it, instead of being pinned for less than asked.
        if (until && until > current.expiresAt) {
          throw new InputError(
            `until: must not be after the sandbox expires (${current.expiresAt.toISOString()}); extend it first`,
          );
        }
        await this.#store.setBookkeeping(name, { keepAwakeUntil: until });
        await this.#activity.record({
          sandbox: current,
          type: 'pinned',
          actor: ctx.actor,
          message: until
            ? `Kept awake until ${until.toISOString()}`
            : 'No longer kept awake',
          details: { until: until?.toISOString() ?? null },
        });
        return this.#details({
          ...current,
          keepAwakeUntil: until ?? undefined,
        });
      },
    );
  }

  async delete(name: string, ctx: ActorContext): Promise<void> {
    await this.#audited('sandbox-delete', ctx, { name }, async () => {
      const current = await this.getRecord(name);
      const existed = await this.#adapter.deleteSandbox(current.cluster, name);
      await this.#store.setBookkeeping(name, {
        deletionRequestedAt: new Date(),
      });
      await this.#quotas.release(name);
      if (!existed) await this.#store.deleteRecord(name);
      // The record: after deletion the name may already be free again.
      await this.#activity.record({
        sandbox: current,
        type: 'deleted',
        actor: ctx.actor,
        message: 'Deleted',
      });
    });
  }

  /**
   * The sandbox whose timeline to show for a name (see ActivityService.find),
   * with the owner to check permissions against: kept after deletion.
   */
  async findTimeline(
    name: string,
    uid?: string,
  ): Promise<SandboxIncarnation & { owner: string }> {
    return this.#activity.find(name, uid);
  }

  /** Every sandbox that had this name and left a timeline. */
  async incarnations(name: string): Promise<SandboxIncarnation[]> {
    return this.#activity.incarnations(name);
  }

  async activity(incarnation: SandboxIncarnation): Promise<SandboxActivity[]> {
    return this.#activity.list(incarnation);
  }

  async templates(): Promise<SandboxTemplateInfo[]> {
    return (await this.#templates.list()).map(toTemplateInfo);
  }

  /** The components (workload names) a valid template creates. */
  async templateComponents(template: string): Promise<string[]> {
    const { resource } = await this.#templates.findValid(template);
    return templateComponents(resource.spec);
  }

  #newResource(
    name: string,
    input: CreateSandboxRequest,
    owner: string,
    resolved: {
      parameters: SandboxResource['spec']['parameters'];
      /** Names only: the values are in the staging Secret. */
      secretKeys: string[];
      size?: string;
      expiresAt: Date;
      annotations?: Record<string, string>;
    },
  ): SandboxResource {
    return {
      apiVersion: SANDBOX_API_GROUP_VERSION,
      kind: 'Sandbox',
      metadata: {
        name,
        labels: {
          [SandboxLabels.template]: input.template,
          [SandboxLabels.owner]: ownerLabel(owner),
          [SandboxLabels.managedBy]: MANAGED_BY,
        },
        annotations: {
          ...resolved.annotations,
          [SandboxAnnotations.owner]: owner,
        },
      },
      spec: {
        templateRef: { name: input.template },
        owner,
        ...(input.entityRef ? { entityRef: input.entityRef } : {}),
        displayName: input.displayName ?? name,
        parameters: resolved.parameters,
        ...(resolved.secretKeys.length > 0
          ? { secretParameters: { keys: resolved.secretKeys } }
          : {}),
        ...(resolved.size ? { size: resolved.size } : {}),
        suspend: false,
        expiresAt: resolved.expiresAt.toISOString(),
      },
    };
  }

  /** A merge patch; with `resourceVersion`, only onto that version. */
  async #patch(
    current: SandboxRecord,
    patch: Record<string, unknown>,
    resourceVersion?: string,
  ): Promise<SandboxRecord> {
    const metadata = (patch.metadata ?? {}) as {
      annotations?: Record<string, string | null>;
    };
    const updated = await this.#adapter.patchSandbox(
      current.cluster,
      current.name,
      {
        ...patch,
        metadata: {
          ...metadata,
          ...(resourceVersion ? { resourceVersion } : {}),
          annotations: {
            ...metadata.annotations,
            [LAST_WRITE_ANNOTATION]: `${Date.now()}-${randomUUID().slice(
              0,
              8,
            )}`,
          },
        },
      },
    );
    return this.#observe(current.cluster, updated);
  }

  /** Puts a resource the cluster answered with into the index at once. */
  async #observe(
    cluster: string,
    resource: SandboxResource,
  ): Promise<SandboxRecord> {
    const change = await this.#store.applyObserved(cluster, resource);
    await this.#indexer.recordTransitions(change, true);
    return (await this.#store.get(resource.metadata.name!))!;
  }

  async #details(record: SandboxRecord): Promise<SandboxDetails> {
    const template = await this.#templates
      .find(record.template, record.cluster)
      .then(
        t => t.resource.spec,
        () => undefined,
      );
    return toDetails(record, this.#isStale(record), {
      links: this.#links,
      lifetime: this.#lifetime,
      template,
    });
  }

  #isStale(record: SandboxRecord): boolean {
    return !this.#adapter.health.isReachable(record.cluster);
  }

  async #audited<T>(
    eventId: string,
    ctx: ActorContext,
    meta: JsonObject,
    fn: () => Promise<T>,
  ): Promise<T> {
    const event = await this.#auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: ctx.request,
      meta: { actor: ctx.actor, ...meta },
    });
    try {
      const result = await fn();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      this.#logger.debug(`Sandbox ${eventId} by ${ctx.actor} failed: ${error}`);
      throw error;
    }
  }
}

/** Label values cannot hold ':' or '/'; the annotation keeps the exact ref. */
export function ownerLabel(ref: string): string {
  return ref
    .replace(/[^A-Za-z0-9._-]/g, '.')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}
