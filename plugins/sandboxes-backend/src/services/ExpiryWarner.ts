import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { sandboxPagePath } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { DatabaseSandboxStore } from '../database/DatabaseSandboxStore';
import { SandboxRecord } from '../database/types';
import { ActivityService } from './ActivityService';
import { LifetimePolicy } from './LifetimePolicy';

/** The id of the scheduled task. */
export const EXPIRY_WARNER_TASK_ID = 'sandboxes-expiry-warner';

/** Most warnings written by one run; the rest follow a minute later. */
const BATCH = 200;

/**
 * Warns each sandbox's owner a configured time before it expires: an
 * `expiry-warning` activity entry and, when a notification service is given,
 * a notification linking to the sandbox page. Each expiry is warned about
 * once (the store records which expiry was announced); a sandbox extended
 * after its warning is warned again before its new expiry.
 *
 * @public
 */
export class ExpiryWarner {
  readonly #store: DatabaseSandboxStore;
  readonly #activity: ActivityService;
  readonly #lifetime: LifetimePolicy;
  readonly #warningMinutes: number;
  readonly #logger: LoggerService;
  readonly #notifications?: NotificationService;
  readonly #clock: () => Date;

  constructor(options: {
    store: DatabaseSandboxStore;
    activity: ActivityService;
    lifetime: LifetimePolicy;
    /** How long before expiry to warn; 0 or less turns warnings off. */
    warningMinutes: number;
    logger: LoggerService;
    /** Absent or failing: the activity entry is still written. */
    notifications?: NotificationService;
    clock?: () => Date;
  }) {
    this.#store = options.store;
    this.#activity = options.activity;
    this.#lifetime = options.lifetime;
    this.#warningMinutes = options.warningMinutes;
    this.#logger = options.logger;
    this.#notifications = options.notifications;
    this.#clock = options.clock ?? (() => new Date());
  }

  /** Runs every minute on one replica at a time (scope global). */
  async schedule(scheduler: SchedulerService): Promise<void> {
    if (this.#warningMinutes <= 0) {
      this.#logger.info(
        'Sandbox expiry warnings are off (sandboxes.expiryWarningMinutes is 0)',
      );
      return;
    }
    await scheduler.scheduleTask({
      id: EXPIRY_WARNER_TASK_ID,
      frequency: { minutes: 1 },
      timeout: { minutes: 5 },
      // After a start the watch brings the index up to date first.
      initialDelay: { seconds: 30 },
      scope: 'global',
      fn: async signal => {
        await this.run(signal);
      },
    });
  }

  /** Writes the warnings that are due; returns how many. */
  async run(signal?: AbortSignal): Promise<number> {
    if (this.#warningMinutes <= 0) return 0;
    const now = this.#clock();
    const horizon = new Date(now.getTime() + this.#warningMinutes * 60_000);
    const due = await this.#store.listUnwarnedExpiring(now, horizon, BATCH);
    let warned = 0;
    for (const sandbox of due) {
      if (signal?.aborted) break;
      if (await this.#warn(sandbox, now)) warned += 1;
    }
    return warned;
  }

  async #warn(sandbox: SandboxRecord, now: Date): Promise<boolean> {
    const { name, expiresAt } = sandbox;
    // Claim first: should two runs ever overlap, only one writes the entry.
    if (!(await this.#store.claimExpiryWarning(name, expiresAt))) {
      return false;
    }
    const minutesLeft = Math.max(
      1,
      Math.ceil((expiresAt.getTime() - now.getTime()) / 60_000),
    );
    const { extensionsLeft, maxExpiresAt } = this.#lifetime.view(sandbox);
    const canExtend =
      extensionsLeft > 0 && new Date(maxExpiresAt) > sandbox.expiresAt;
    const inMinutes = `${minutesLeft} minute${minutesLeft === 1 ? '' : 's'}`;
    const message = canExtend
      ? `Expires in ${inMinutes} — extend it to keep it`
      : `Expires in ${inMinutes} — it cannot be extended further`;
    try {
      await this.#activity.record({
        sandbox,
        type: 'expiry-warning',
        actor: 'system',
        message,
        details: {
          expiresAt: expiresAt.toISOString(),
          minutesLeft,
          extensionsLeft,
        },
      });
    } catch (error) {
      await this.#store
        .releaseExpiryWarning(name, expiresAt)
        .catch(() => undefined);
      this.#logger.warn(
        `Could not record the expiry warning of sandbox ${name}: ${error}`,
      );
      return false;
    }
    await this.#notifyOwner(sandbox, inMinutes, message);
    return true;
  }

  async #notifyOwner(
    sandbox: SandboxRecord,
    inMinutes: string,
    message: string,
  ): Promise<void> {
    if (!this.#notifications) return;
    try {
      await this.#notifications.send({
        recipients: { type: 'entity', entityRef: sandbox.owner },
        payload: {
          title: `Sandbox ${sandbox.displayName} expires in ${inMinutes}`,
          description: message,
          link: sandboxPagePath(sandbox.name),
          severity: 'high',
          topic: 'sandboxes-expiry',
          // One notification per sandbox: a later warning (after an
          // extension) replaces the earlier one instead of piling up.
          scope: `sandbox-expiry:${sandbox.name}`,
        },
      });
    } catch (error) {
      this.#logger.warn(
        `Could not notify ${sandbox.owner} that sandbox ${sandbox.name} expires soon: ${error}`,
      );
    }
  }
}
