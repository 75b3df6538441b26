import {
  DatabaseService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SandboxMetricsSource } from '@sandboxkit/backstage-plugin-sandboxes-node';
import { Registry } from 'prom-client';
import { AutoscalerMetrics } from './AutoscalerMetrics';
import { AutoscalerStatusService } from './AutoscalerStatusService';
import { readAutoscalerConfig } from './config';
import { DatabaseAutoscalerStore } from './DatabaseAutoscalerStore';
import { keptAsleepBySchedule } from './offHours';
import { SandboxAutoscaler } from './SandboxAutoscaler';
import { AutoscalerFleet } from './types';

/** The id of the scheduled task, e.g. for triggering it from the scheduler's API. */
export const AUTOSCALER_TASK_ID = 'sandboxes-autoscaler';

/**
 * Wires the idle autoscaler into the sandboxes backend plugin: runs its
 * migrations, schedules its cycle (scope global: with several replicas on one
 * database one runs it at a time) and returns the read side for the router.
 */
export async function registerAutoscaler(options: {
  config: Config;
  logger: LoggerService;
  scheduler: SchedulerService;
  database: DatabaseService;
  fleet: AutoscalerFleet;
  /** From sandboxesMetricsSourceExtensionPoint. */
  metricsSources?: SandboxMetricsSource[];
  notifications?: NotificationService;
  /** prom-client registry; the default registry when omitted. */
  registry?: Registry;
  clock?: () => Date;
  instance?: string;
}): Promise<{
  status: AutoscalerStatusService;
  autoscaler: SandboxAutoscaler;
  /** Why an off-hours schedule keeps a sandbox asleep against requests, or undefined. */
  keptAsleep: (sandbox: string) => Promise<string | undefined>;
}> {
  const config = readAutoscalerConfig(options.config);
  const store = await DatabaseAutoscalerStore.create({
    knex: await options.database.getClient(),
    skipMigrations: options.database.migrations?.skip,
  });
  const status = AutoscalerStatusService.create({
    store,
    clock: options.clock,
  });
  const metrics = AutoscalerMetrics.create({
    registry: options.registry,
    getSavings: () => status.getSavings(),
  });
  const autoscaler = SandboxAutoscaler.create({
    config,
    fleet: options.fleet,
    store,
    logger: options.logger.child({ task: AUTOSCALER_TASK_ID }),
    metricsSources: options.metricsSources,
    notifications: options.notifications,
    metrics,
    clock: options.clock,
    instance: options.instance,
  });
  if (config.enabled) {
    await options.scheduler.scheduleTask({
      id: AUTOSCALER_TASK_ID,
      frequency: config.frequency,
      timeout: { minutes: 10 },
      scope: 'global',
      fn: async signal => {
        await autoscaler.runCycle(signal);
      },
    });
  } else {
    options.logger.info('Sandboxes autoscaler is disabled by configuration');
  }
  const clock = options.clock ?? (() => new Date());
  const keptAsleep = async (sandbox: string) =>
    keptAsleepBySchedule({
      state: await store.getState(sandbox),
      schedules: config.schedules,
      now: clock().getTime(),
    });
  return { status, autoscaler, keptAsleep };
}
