import {
  AutoscalerFleet,
  FleetActivityEntry,
  FleetSandbox,
  ResumeOptions,
  SuspendOptions,
} from '../autoscaler/types';
import { DatabaseSandboxStore } from '../database/DatabaseSandboxStore';
import { SandboxFleetRecord } from '../database/types';
import { KubernetesAdapter } from '../kube/KubernetesAdapter';
import { ActivityService } from './ActivityService';
import { cpuCores, memoryBytes } from './quantities';
import { SandboxService } from './SandboxService';
import { PlacedTemplate, TemplateCatalog } from './TemplateCatalog';

/**
 * The autoscaler's view of the sandboxes: the index (with resume and
 * keep-awake bookkeeping) plus each template's autoscaling settings and
 * sizes; its suspend and resume go through SandboxService, so they are
 * audited, quota-checked and recorded like any other caller's.
 *
 * @public
 */
export class SandboxFleet implements AutoscalerFleet {
  readonly #store: DatabaseSandboxStore;
  readonly #service: SandboxService;
  readonly #activity: ActivityService;
  readonly #adapter: KubernetesAdapter;
  readonly #templates: TemplateCatalog;

  constructor(options: {
    store: DatabaseSandboxStore;
    service: SandboxService;
    activity: ActivityService;
    adapter: KubernetesAdapter;
    templates: TemplateCatalog;
  }) {
    this.#store = options.store;
    this.#service = options.service;
    this.#activity = options.activity;
    this.#adapter = options.adapter;
    this.#templates = options.templates;
  }

  async listClusters(): Promise<string[]> {
    return this.#adapter.clusterNames();
  }

  async listSandboxes(cluster: string): Promise<FleetSandbox[]> {
    const records = await this.#store.listFleet(cluster);
    const templates = new Map(
      (await this.#templates.list())
        .filter(t => t.cluster === cluster)
        .map(t => [t.resource.metadata.name!, t] as const),
    );
    return records.map(record =>
      toFleetSandbox(record, templates.get(record.template)),
    );
  }

  async suspend(name: string, options: SuspendOptions): Promise<void> {
    await this.#service.suspend(name, {
      actor: options.actor,
      reason: options.reason,
      evidence: options.evidence ? { ...options.evidence } : undefined,
    });
  }

  async resume(name: string, options: ResumeOptions): Promise<void> {
    await this.#service.resume(name, {
      actor: options.actor,
      reason: options.reason,
    });
  }

  async recordActivity(name: string, entry: FleetActivityEntry): Promise<void> {
    await this.#activity.record({
      sandbox: name,
      type: entry.type,
      actor: 'autoscaler',
      message: entry.message,
      details: entry.details,
    });
  }
}

function toFleetSandbox(
  record: SandboxFleetRecord,
  template?: PlacedTemplate,
): FleetSandbox {
  const spec = template?.resource.spec;
  const sizeName = record.resource.spec.size ?? spec?.defaultSize;
  const size = spec?.sizes?.find(s => s.name === sizeName) ?? spec?.sizes?.[0];
  return {
    name: record.name,
    namespace: record.namespace,
    cluster: record.cluster,
    owner: record.owner,
    template: record.template,
    phase: record.phase,
    suspended: record.suspended,
    createdAt: record.createdAt,
    lastResumedAt: record.lastResumedAt,
    keepAwakeUntil: record.keepAwakeUntil,
    autoscaling: spec?.autoscaling,
    components: Object.entries(size?.components ?? {}).map(([name, c]) => ({
      name,
      replicas: c.replicas,
      cpuCores: cpuCores(c.cpu),
      memoryBytes: memoryBytes(c.memory),
    })),
  };
}
