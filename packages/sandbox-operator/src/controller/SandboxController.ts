import {
  SandboxLabels,
  SandboxResource,
  SandboxTemplateResource,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { OperatorConfig } from '../config';
import { KubeClient } from '../kube/KubeClient';
import { resourceType } from '../kube/resources';
import { KubeObject } from '../kube/types';
import { OperatorMetrics } from '../metrics/OperatorMetrics';
import { Informer, InformerEvent } from '../runtime/Informer';
import { WorkQueue } from '../runtime/WorkQueue';
import { EventRecorder } from './EventRecorder';
import { SandboxReconciler } from './SandboxReconciler';
import { TemplateValidator } from './TemplateValidator';
import {
  trimChild,
  trimNamespace,
  trimResource,
  trimSandbox,
  trimStagingSecret,
} from './trim';

/** A logger the operator writes to. */
export interface OperatorLogger {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

const GROUP_VERSION = 'sandboxkit.dev/v1alpha1';
const SANDBOX_SELECTOR = SandboxLabels.sandbox;

/**
 * The controller of one leadership term: informers on Sandboxes,
 * SandboxTemplates, sandbox namespaces and the workloads in them feed a
 * work queue of Sandbox names that workers reconcile. Like a
 * controller-runtime manager with two controllers: For(Sandbox),
 * Owns(Namespace, Deployment, StatefulSet, Job), Watches(SandboxTemplate),
 * Watches(staging Secrets of secret parameters, in one namespace);
 * and For(SandboxTemplate), whose one worker checks templates with dry runs
 * (TemplateValidator).
 */
export class SandboxController {
  readonly #queue: WorkQueue;
  readonly #reconciler: SandboxReconciler;
  readonly #templateQueue = new WorkQueue();
  readonly #validator: TemplateValidator;
  readonly #metrics: OperatorMetrics;
  readonly #logger: OperatorLogger;
  readonly #config: OperatorConfig;
  readonly sandboxes: Informer<SandboxResource>;
  readonly #templates: Informer<SandboxTemplateResource>;
  readonly #namespaces: Informer<KubeObject>;
  readonly #children: Array<Informer<KubeObject>>;
  readonly #stagingSecrets: Informer<KubeObject>;
  /** Namespace name → Sandbox name, from namespace owner references. */
  readonly #namespaceOwner = new Map<string, string>();
  #resyncTimer?: NodeJS.Timeout;
  #workers: Promise<void>[] = [];
  #stopped = false;
  #synced = false;
  #inFlight = 0;
  /** When a reconcile last finished, or the queue was last seen empty. */
  #lastProgress = Date.now();

  constructor(options: {
    client: KubeClient;
    config: OperatorConfig;
    metrics: OperatorMetrics;
    logger: OperatorLogger;
  }) {
    const { client, config, metrics, logger } = options;
    this.#metrics = metrics;
    this.#logger = logger;
    this.#config = config;
    this.#queue = new WorkQueue({
      onDepthChange: d => metrics.queueDepth.set(d),
    });
    const onError = (what: string) => (error: unknown) =>
      logger.warn(`${what}: ${(error as Error)?.message ?? error}`);

    this.sandboxes = new Informer<SandboxResource>({
      client,
      watchSilenceMs: config.watchSilenceMs,
      type: resourceType(GROUP_VERSION, 'Sandbox'),
      transform: trimSandbox,
      onEvent: e => this.#queue.add(e.object.metadata.name!),
      onError: onError('watching Sandboxes'),
    });
    this.#templates = new Informer<SandboxTemplateResource>({
      client,
      watchSilenceMs: config.watchSilenceMs,
      type: resourceType(GROUP_VERSION, 'SandboxTemplate'),
      transform: trimResource,
      onEvent: e => {
        const name = e.object.metadata.name!;
        this.#templateQueue.add(name);
        // A status write (the Valid condition) changes nothing a sandbox uses.
        if (
          e.type === 'delete' ||
          e.previous?.metadata.generation !== e.object.metadata.generation
        ) {
          this.#enqueueUsersOf(name);
        }
      },
      onError: onError('watching SandboxTemplates'),
    });
    this.#namespaces = new Informer<KubeObject>({
      client,
      watchSilenceMs: config.watchSilenceMs,
      type: resourceType('v1', 'Namespace'),
      labelSelector: SANDBOX_SELECTOR,
      transform: trimNamespace,
      onEvent: e => this.#onNamespace(e),
      onError: onError('watching namespaces'),
    });
    this.#children = (
      [
        ['apps/v1', 'Deployment'],
        ['apps/v1', 'StatefulSet'],
        ['batch/v1', 'Job'],
      ] as const
    ).map(
      ([apiVersion, kind]) =>
        new Informer<KubeObject>({
          client,
          type: resourceType(apiVersion, kind),
          labelSelector: SANDBOX_SELECTOR,
          transform: trimChild,
          onEvent: e => {
            const owner = this.#namespaceOwner.get(
              e.object.metadata.namespace!,
            );
            if (owner) this.#queue.add(owner);
          },
          onError: onError(`watching ${kind}s`),
        }),
    );

    // Only the configured namespace: the operator may read no other Secrets.
    this.#stagingSecrets = new Informer<KubeObject>({
      client,
      watchSilenceMs: config.watchSilenceMs,
      type: resourceType('v1', 'Secret'),
      namespace: config.secretParametersNamespace,
      labelSelector: SANDBOX_SELECTOR,
      transform: trimStagingSecret,
      onEvent: e => {
        // The owner, and the sandbox the label names: a Secret someone else
        // made for it must show in its status too.
        const names = new Set(
          (e.object.metadata.ownerReferences ?? [])
            .filter(r => r.kind === 'Sandbox')
            .map(r => r.name),
        );
        const labelled = e.object.metadata.labels?.[SANDBOX_SELECTOR];
        if (labelled) names.add(labelled);
        for (const name of names) this.#queue.add(name);
      },
      onError: onError('watching staging Secrets'),
    });

    this.#validator = new TemplateValidator({
      client,
      config,
      template: name => this.#templates.get(name),
    });
    const events = new EventRecorder({
      client,
      instance: config.identity,
      onError: onError('recording an event'),
    });
    this.#reconciler = new SandboxReconciler({
      client,
      config,
      events,
      caches: {
        sandbox: name => this.sandboxes.get(name),
        template: name => this.#templates.get(name),
        namespace: name => this.#namespaces.get(name),
        namespacesOwnedBy: name =>
          [...this.#namespaceOwner]
            .filter(([, owner]) => owner === name)
            .map(([ns]) => this.#namespaces.get(ns)!)
            .filter(Boolean),
        workloads: ns => this.#children.flatMap(i => i.listNamespace(ns)),
        stagingSecret: name =>
          this.#stagingSecrets.get(
            `${config.secretParametersNamespace}/${name}`,
          ),
      },
    });
  }

  /** True once every cache has its first list. */
  get synced(): boolean {
    return this.#synced;
  }

  /**
   * How long work has been waiting without any reconcile finishing: 0 while
   * idle. A worker stuck on a call that never returns shows here.
   */
  stalledForMs(): number {
    if (!this.#synced || this.idle) {
      this.#lastProgress = Date.now();
      return 0;
    }
    return Date.now() - this.#lastProgress;
  }

  /** True when nothing is queued or being reconciled. */
  get idle(): boolean {
    return (
      this.#queue.depth === 0 &&
      this.#templateQueue.depth === 0 &&
      this.#inFlight === 0
    );
  }

  async start() {
    const informers = [
      this.sandboxes,
      this.#templates,
      this.#namespaces,
      ...this.#children,
      this.#stagingSecrets,
    ];
    for (const informer of informers) informer.start();
    await Promise.all(informers.map(i => i.waitForSync()));
    if (this.#stopped) return;
    this.#synced = true;
    this.#logger.info('caches synced; reconciling');
    for (let i = 0; i < this.#config.workers; i++)
      this.#workers.push(this.#work());
    this.#workers.push(this.#checkTemplates());
    this.#resyncTimer = setInterval(
      () => this.#resync(),
      this.#config.resyncPeriodMs,
    );
    this.#resyncTimer.unref?.();
  }

  async stop() {
    this.#stopped = true;
    if (this.#resyncTimer) clearInterval(this.#resyncTimer);
    this.#queue.shutDown();
    this.#templateQueue.shutDown();
    for (const informer of [
      this.sandboxes,
      this.#templates,
      this.#namespaces,
      ...this.#children,
      this.#stagingSecrets,
    ]) {
      informer.stop();
    }
    await Promise.all(this.#workers);
  }

  #resync() {
    for (const sandbox of this.sandboxes.list())
      this.#queue.add(sandbox.metadata.name!);
    for (const owner of new Set(this.#namespaceOwner.values()))
      this.#queue.add(owner);
    for (const template of this.#templates.list())
      this.#templateQueue.add(template.metadata.name!);
  }

  #enqueueUsersOf(templateName: string) {
    for (const sandbox of this.sandboxes.list()) {
      if (sandbox.spec.templateRef.name === templateName) {
        this.#queue.add(sandbox.metadata.name!);
      }
    }
  }

  #onNamespace(event: InformerEvent<KubeObject>) {
    const name = event.object.metadata.name!;
    const owner = event.object.metadata.ownerReferences?.find(
      r => r.kind === 'Sandbox',
    )?.name;
    if (event.type === 'delete') this.#namespaceOwner.delete(name);
    else if (owner) this.#namespaceOwner.set(name, owner);
    if (owner) this.#queue.add(owner);
  }

  /** One worker: templates change rarely, and each check is a burst of dry runs. */
  async #checkTemplates() {
    for (;;) {
      const key = await this.#templateQueue.get();
      if (key === undefined) return;
      this.#inFlight++;
      try {
        await this.#validator.reconcile(key);
        this.#templateQueue.forget(key);
      } catch (error) {
        if (!this.#stopped) {
          this.#logger.warn(
            `checking template ${key} failed, retrying: ${
              (error as Error).message
            }`,
          );
          this.#templateQueue.addRateLimited(key);
        }
      } finally {
        this.#lastProgress = Date.now();
        this.#inFlight--;
        this.#templateQueue.done(key);
      }
    }
  }

  async #work() {
    for (;;) {
      const key = await this.#queue.get();
      if (key === undefined) return;
      this.#inFlight++;
      const end = this.#metrics.reconcileDuration.startTimer();
      try {
        const result = await this.#reconciler.reconcile(key);
        if (result.backoff) {
          this.#queue.addRateLimited(key);
        } else {
          this.#queue.forget(key);
        }
        if (result.requeueAfterMs !== undefined) {
          this.#queue.addAfter(key, result.requeueAfterMs);
        }
        end({
          result:
            result.backoff || result.requeueAfterMs !== undefined
              ? 'requeue'
              : 'success',
        });
      } catch (error) {
        end({ result: 'error' });
        const reason =
          (error as { reason?: string; code?: string }).reason ??
          (error as { code?: string }).code ??
          'Unknown';
        this.#metrics.reconcileErrors.inc({ reason });
        if (!this.#stopped) {
          this.#logger.warn(
            `reconcile of ${key} failed, retrying: ${(error as Error).message}`,
          );
          this.#queue.addRateLimited(key);
        }
      } finally {
        this.#lastProgress = Date.now();
        this.#inFlight--;
        this.#queue.done(key);
      }
    }
  }
}
