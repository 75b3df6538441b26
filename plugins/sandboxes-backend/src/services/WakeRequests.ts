import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  parseWakeAnnotation,
  SandboxAnnotations,
  SandboxResource,
  WakeRefusal,
  WakeRequest,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { SandboxIndexHandler } from '../kube/SandboxWatcher';
import { ActivityService } from './ActivityService';
import { QuotaExceededError } from './QuotaService';
import { SandboxIndexer } from './SandboxIndexer';
import { SandboxService } from './SandboxService';

/** Says why a sandbox stays asleep whatever requests come (an off-hours schedule), or undefined. */
export type KeptAsleepCheck = (sandbox: string) => Promise<string | undefined>;

/**
 * Carries out the wake requests the operator's waker records on sleeping
 * Sandboxes, as the watch delivers them (no metrics cycle involved): the
 * sandbox is resumed after its quota is checked again, and the activity
 * log says which host woke it; a refusal is written back for the waker's
 * page. Sits in front of the indexer so the index is current first.
 *
 * @public
 */
export class WakeRequests implements SandboxIndexHandler {
  readonly #indexer: SandboxIndexer;
  readonly #service: SandboxService;
  readonly #activity: ActivityService;
  readonly #logger: LoggerService;
  #keptAsleep: KeptAsleepCheck = async () => undefined;

  constructor(options: {
    indexer: SandboxIndexer;
    service: SandboxService;
    activity: ActivityService;
    logger: LoggerService;
  }) {
    this.#indexer = options.indexer;
    this.#service = options.service;
    this.#activity = options.activity;
    this.#logger = options.logger;
  }

  /** Lets the autoscaler say which sandboxes its schedules keep asleep. */
  setKeptAsleepCheck(check: KeptAsleepCheck): void {
    this.#keptAsleep = check;
  }

  async onSnapshot(cluster: string, items: SandboxResource[], at: Date) {
    await this.#indexer.onSnapshot(cluster, items, at);
    for (const item of items) await this.handle(item);
  }

  async onChange(cluster: string, resource: SandboxResource) {
    await this.#indexer.onChange(cluster, resource);
    await this.handle(resource);
  }

  async onDelete(cluster: string, resource: SandboxResource) {
    await this.#indexer.onDelete(cluster, resource);
  }

  /** Wakes the sandbox when it carries a wake request, or says why not. */
  async handle(resource: SandboxResource): Promise<void> {
    const annotations = resource.metadata.annotations ?? {};
    const request = parseWakeAnnotation<WakeRequest>(
      annotations[SandboxAnnotations.wakeRequest],
    );
    if (!request || resource.metadata.deletionTimestamp) return;
    const name = resource.metadata.name!;
    try {
      const keptBy = resource.spec.suspend
        ? await this.#keptAsleep(name)
        : undefined;
      if (keptBy) {
        await this.#refuse(name, request, 'KeptAsleep', keptBy);
        return;
      }
      await this.#service.resume(name, {
        actor: 'waker',
        reason: `a request to ${request.host}`,
        wakeRequest: {
          ...request,
          resourceVersion: resource.metadata.resourceVersion,
        },
      });
    } catch (error) {
      if (error instanceof QuotaExceededError) {
        await this.#refuse(name, request, 'OverQuota', error.message);
      } else if (
        !(error instanceof ConflictError) &&
        !(error instanceof NotFoundError)
      ) {
        // A conflict: another replica acted, or the sandbox changed and the
        // watch brings the new version. Anything else is worth a look.
        this.#logger.warn(
          `Could not wake sandbox ${name} on a request to ${request.host}: ${error}`,
        );
      }
    }
  }

  async #refuse(
    name: string,
    request: WakeRequest,
    reason: WakeRefusal['reason'],
    message: string,
  ) {
    const refusal: WakeRefusal = { at: request.at, reason, message };
    await this.#service.answerWakeRequest(name, refusal);
    await this.#activity.record({
      sandbox: name,
      type: 'resumed',
      actor: 'waker',
      message: `Not woken by a request to ${request.host}: ${message}`,
      details: { refused: true, reason, host: request.host },
    });
  }
}
