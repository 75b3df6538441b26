import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { DatabaseActivityStore } from './DatabaseActivityStore';

/**
 * Removes activity entries older than the retention, hourly, on one replica
 * at a time (the scheduler's lock).
 *
 * @public
 */
export class ActivityCleaner {
  readonly #store: DatabaseActivityStore;
  readonly #retentionDays: number;
  readonly #logger: LoggerService;

  constructor(options: {
    store: DatabaseActivityStore;
    retentionDays: number;
    logger: LoggerService;
  }) {
    this.#store = options.store;
    this.#retentionDays = options.retentionDays;
    this.#logger = options.logger;
  }

  async schedule(scheduler: SchedulerService): Promise<void> {
    await scheduler.scheduleTask({
      id: 'sandboxes-activity-cleaner',
      frequency: { hours: 1 },
      timeout: { minutes: 10 },
      initialDelay: { minutes: 1 },
      fn: async () => {
        await this.run();
      },
    });
  }

  async run(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.#retentionDays * 86_400_000);
    const removed = await this.#store.deleteOlderThan(before);
    if (removed > 0) {
      this.#logger.info(
        `Removed ${removed} sandbox activity entries older than ${
          this.#retentionDays
        } days`,
      );
    }
    return removed;
  }
}
