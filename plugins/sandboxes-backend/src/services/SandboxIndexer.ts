import { LoggerService } from '@backstage/backend-plugin-api';
import {
  SandboxAnnotations,
  SandboxConditionTypes,
  SandboxResource,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { DatabaseSandboxStore } from '../database/DatabaseSandboxStore';
import { lastWriteOf } from '../database/lastWrite';
import { ObservedChange, SandboxRecord } from '../database/types';
import { SandboxIndexHandler } from '../kube/SandboxWatcher';
import { ActivityService } from './ActivityService';
import { QuotaService } from './QuotaService';
import { SandboxChangeSignals } from './SandboxChangeSignals';

/**
 * Keeps the index in step with what the watch sees, and turns the changes
 * the operator makes (phase transitions) into activity entries. API calls
 * record their own entries (with who did it); this records what follows.
 *
 * @public
 */
export class SandboxIndexer implements SandboxIndexHandler {
  readonly #store: DatabaseSandboxStore;
  readonly #activity: ActivityService;
  readonly #quotas: QuotaService;
  readonly #logger: LoggerService;
  readonly #signals?: SandboxChangeSignals;

  constructor(options: {
    store: DatabaseSandboxStore;
    activity: ActivityService;
    quotas: QuotaService;
    logger: LoggerService;
    /** Absent in tools that run without a Backstage backend (benchmarks). */
    signals?: SandboxChangeSignals;
  }) {
    this.#store = options.store;
    this.#activity = options.activity;
    this.#quotas = options.quotas;
    this.#logger = options.logger;
    this.#signals = options.signals;
  }

  async onSnapshot(
    cluster: string,
    items: SandboxResource[],
    listStartedAt: Date,
  ) {
    for (const item of items) await this.onChange(cluster, item);
    const present = new Set(items.map(i => i.metadata.name!));
    for (const name of await this.#store.findVanished(
      cluster,
      present,
      listStartedAt,
    )) {
      await this.#removed(name);
    }
    this.#logger.debug(
      `Indexed ${items.length} sandboxes of cluster '${cluster}'`,
    );
  }

  async onChange(cluster: string, resource: SandboxResource) {
    const change = await this.#store.applyObserved(cluster, resource);
    await this.recordTransitions(change);
  }

  async onDelete(_cluster: string, resource: SandboxResource) {
    await this.#removed(resource.metadata.name!);
  }

  /**
   * Activity for what changed between the stored row and the new resource.
   * `fromApi`: the change is the answer to one of our own writes, which
   * records its own entry (with who did it); only phase changes are added.
   */
  async recordTransitions(
    change: ObservedChange,
    fromApi = false,
  ): Promise<void> {
    const record = change.record;
    if (!change.applied || !record) return;
    if (change.created && !fromApi) {
      await this.#activity.record({
        sandbox: record,
        type: 'created',
        actor: 'system',
        message: 'Found in the cluster (created outside the portal)',
        // Its owner keeps reading its timeline after it is deleted.
        details: { owner: record.owner },
      });
    }
    const previous = change.previous;
    if (
      !fromApi &&
      previous &&
      previous.suspended !== record.suspended &&
      previous.lastWrite === lastWriteOf(record.resource)
    ) {
      // Changed on the resource directly (kubectl), not through this API.
      const annotations = record.resource.metadata.annotations ?? {};
      await this.#activity.record({
        sandbox: record,
        type: record.suspended ? 'suspended' : 'resumed',
        actor: annotations[SandboxAnnotations.suspendedBy] ?? 'system',
        message: record.suspended
          ? `Scaled down: ${
              annotations[SandboxAnnotations.suspendReason] ??
              'changed on the cluster'
            }`
          : 'Woken up (changed on the cluster)',
      });
    }
    if (previous && previous.phase !== record.phase) {
      await this.#phaseEntry(record, previous.phase);
    } else if (!previous && ['Ready', 'Failed'].includes(record.phase)) {
      await this.#phaseEntry(record, undefined);
    }
    // After the activity entry, so a page refreshing on the signal shows it.
    await this.#signals?.changed(record);
  }

  async #phaseEntry(record: SandboxRecord, from: string | undefined) {
    const base = { sandbox: record, actor: 'operator' };
    const ready = record.resource.status?.conditions?.find(
      c => c.type === SandboxConditionTypes.Ready,
    );
    switch (record.phase) {
      case 'Ready':
        await this.#activity.record({
          ...base,
          type: 'ready',
          message:
            from === 'Resuming'
              ? 'Awake again and ready'
              : `Ready${record.url ? ` at ${record.url}` : ''}`,
          details: { from },
        });
        return;
      case 'Failed':
        await this.#activity.record({
          ...base,
          type: 'failed',
          message: ready?.message || 'The sandbox could not be set up',
          details: { reason: ready?.reason, from },
        });
        return;
      case 'Expired':
        await this.#activity.record({
          ...base,
          type: 'expired',
          message: `Lifetime ended at ${record.expiresAt.toISOString()}; it is being removed`,
        });
        return;
      default:
    }
  }

  async #removed(name: string) {
    const removed = await this.#store.removeObserved(name);
    await this.#quotas.release(name);
    if (
      removed &&
      !removed.deletionRequestedAt &&
      removed.phase !== 'Expired'
    ) {
      await this.#activity.record({
        sandbox: removed,
        type: 'deleted',
        actor: 'system',
        message: 'Removed from the cluster',
      });
    }
    if (removed) await this.#signals?.removed(removed);
  }
}
