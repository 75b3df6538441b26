import { LoggerService } from '@backstage/backend-plugin-api';
import { durationToMilliseconds } from '@backstage/types';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SandboxMetricsSource } from '@sandboxkit/backstage-plugin-sandboxes-node';
import {
  ActionOutcome,
  AutoscalerActions,
  CycleCounts,
} from './AutoscalerActions';
import { AutoscalerMetrics } from './AutoscalerMetrics';
import {
  AutoscalerStore,
  CycleRecord,
  SandboxState,
  SavingsRow,
} from './AutoscalerStore';
import { AutoscalerConfig } from './config';
import {
  ClusterActivity,
  evaluateSandbox,
  IdlePolicy,
  windowsFor,
} from './evaluateSandbox';
import {
  DueScheduleEvent,
  findDueScheduleEvents,
  markScheduleEventsFired,
} from './offHours';
import { PrometheusMetricsSource } from './PrometheusMetricsSource';
import { closeInterval, observeSavings } from './savings';
import { AutoscalerFleet, FleetSandbox } from './types';

/** metricsSeenAt only needs minute precision; refreshing it rarely avoids a write per sandbox per cycle. */
const SEEN_REFRESH_MS = 10 * 60_000;

function sameState(a: SandboxState | undefined, b: SandboxState): boolean {
  return (
    a !== undefined &&
    a.status === b.status &&
    a.statusMessage === b.statusMessage &&
    a.idleWarnedAt === b.idleWarnedAt &&
    a.suspendedBy === b.suspendedBy &&
    a.suspendedAt === b.suspendedAt &&
    a.metricsSeenAt === b.metricsSeenAt &&
    a.lastDecision === b.lastDecision
  );
}

/**
 * One autoscaler cycle over every cluster: one activity query per cluster,
 * then a verdict per sandbox (see evaluateSandbox) carried out through the
 * fleet, with the bookkeeping in the autoscaler's own tables.
 */
export class SandboxAutoscaler {
  readonly #config: AutoscalerConfig;
  readonly #policy: IdlePolicy;
  readonly #fleet: AutoscalerFleet;
  readonly #store: AutoscalerStore;
  readonly #sources: SandboxMetricsSource[];
  readonly #clusterSources: Map<string, SandboxMetricsSource>;
  readonly #defaultSource?: SandboxMetricsSource;
  readonly #logger: LoggerService;
  readonly #actions: AutoscalerActions;
  readonly #metrics?: AutoscalerMetrics;
  readonly #clock: () => Date;
  readonly #instance: string;

  static create(options: {
    config: AutoscalerConfig;
    fleet: AutoscalerFleet;
    store: AutoscalerStore;
    logger: LoggerService;
    /** Sources added through the extension point. */
    metricsSources?: SandboxMetricsSource[];
    notifications?: NotificationService;
    metrics?: AutoscalerMetrics;
    clock?: () => Date;
    /** Names this backend instance in the cycle log. */
    instance?: string;
  }): SandboxAutoscaler {
    return new SandboxAutoscaler(options);
  }

  private constructor(options: Parameters<typeof SandboxAutoscaler.create>[0]) {
    const config = options.config;
    this.#config = config;
    this.#policy = {
      threshold: config.threshold,
      idleWindowMinutes: config.idleWindowMinutes,
      startupGraceMinutes: config.startupGraceMinutes,
      warnBeforeMinutes: config.warnBeforeMinutes,
      wakeOnRequests: config.wakeOnRequests,
      wakeThreshold: config.wakeThreshold,
      wakeWindowMinutes: config.wakeWindowMinutes,
      toleranceMs: durationToMilliseconds(config.frequency) / 2,
    };
    this.#fleet = options.fleet;
    this.#store = options.store;
    this.#sources = options.metricsSources ?? [];
    this.#clusterSources = new Map(
      [...config.clusterPrometheus].map(([cluster, prometheus]) => [
        cluster,
        PrometheusMetricsSource.create({
          config: prometheus,
          clusters: [cluster],
        }),
      ]),
    );
    this.#defaultSource = config.defaultPrometheus
      ? PrometheusMetricsSource.create({ config: config.defaultPrometheus })
      : undefined;
    this.#logger = options.logger;
    this.#metrics = options.metrics;
    this.#actions = new AutoscalerActions({
      fleet: options.fleet,
      logger: options.logger,
      notifications: options.notifications,
      metrics: options.metrics,
      policy: this.#policy,
    });
    this.#clock = options.clock ?? (() => new Date());
    this.#instance = options.instance ?? `pid-${process.pid}`;
  }

  /** Configured Prometheus first, then extension sources, then the default. */
  #sourceFor(cluster: string): SandboxMetricsSource | undefined {
    return (
      this.#clusterSources.get(cluster) ??
      this.#sources.find(source => source.supportsCluster(cluster)) ??
      this.#defaultSource
    );
  }

  async runCycle(signal?: AbortSignal): Promise<CycleRecord> {
    const startedAt = this.#clock().getTime();
    const stopTimer = this.#metrics?.cycleSeconds.startTimer();
    const clusters = await this.#fleet.listClusters();
    const events = await findDueScheduleEvents({
      schedules: this.#config.schedules,
      store: this.#store,
      now: startedAt,
    });
    const counts: CycleCounts = {
      queries: 0,
      sandboxes: 0,
      warned: 0,
      suspended: 0,
      resumed: 0,
    };
    for (const cluster of clusters) {
      if (signal?.aborted) break;
      try {
        await this.#runCluster(cluster, startedAt, events, counts, signal);
      } catch (error) {
        this.#logger.error(
          `Autoscaler cycle failed for cluster ${cluster}: ${error}`,
        );
      }
    }
    await markScheduleEventsFired(this.#store, events);
    const cycle: CycleRecord = {
      startedAt,
      finishedAt: this.#clock().getTime(),
      instance: this.#instance,
      clusters: clusters.length,
      ...counts,
    };
    await this.#store.recordCycle(cycle);
    stopTimer?.();
    return cycle;
  }

  async #queryActivity(
    cluster: string,
    sandboxes: FleetSandbox[],
    now: number,
    counts: CycleCounts,
    signal?: AbortSignal,
  ): Promise<ClusterActivity> {
    const source = this.#sourceFor(cluster);
    if (!source) {
      return {
        healthy: false,
        message: `no metrics source is configured for cluster ${cluster}`,
      };
    }
    const windowsSeconds = [
      ...new Set(sandboxes.flatMap(s => windowsFor(s, this.#policy))),
    ];
    counts.queries += 1;
    try {
      const answer = await source.queryActivity({
        cluster,
        windowsSeconds,
        at: new Date(now),
        signal,
      });
      return {
        healthy: true,
        source: source.id,
        query: answer.query,
        byNamespace: answer.byNamespace,
      };
    } catch (error) {
      this.#logger.warn(
        `Autoscaler metrics for cluster ${cluster} unavailable, keeping its sandboxes awake: ${error}`,
      );
      return {
        healthy: false,
        message: error instanceof Error ? error.message : String(error),
      };
    }
  }

  async #runCluster(
    cluster: string,
    now: number,
    events: DueScheduleEvent[],
    counts: CycleCounts,
    signal?: AbortSignal,
  ): Promise<void> {
    const sandboxes = await this.#fleet.listSandboxes(cluster);
    counts.sandboxes += sandboxes.length;
    const states = new Map(
      (await this.#store.listStates(cluster)).map(s => [s.sandbox, s]),
    );
    const savings = new Map(
      (await this.#store.listSavings({ cluster })).map(r => [r.sandbox, r]),
    );
    const activity =
      sandboxes.length > 0
        ? await this.#queryActivity(cluster, sandboxes, now, counts, signal)
        : ({
            healthy: true,
            source: 'none',
            query: '',
            byNamespace: new Map(),
          } as const);
    let message = 'Metrics available';
    if (!activity.healthy) {
      message = `Autoscaler paused: metrics unavailable (${activity.message})`;
    } else if (sandboxes.length === 0) {
      message = 'No sandboxes to watch';
    }
    await this.#store.saveClusterStatus({
      cluster,
      healthy: activity.healthy,
      message,
      source: activity.healthy ? activity.source : this.#sourceFor(cluster)?.id,
      query: activity.healthy ? activity.query : undefined,
      lastCycleAt: now,
      lastSuccessAt: activity.healthy
        ? now
        : (
            await this.#store.getClusterStatuses()
          ).find(s => s.cluster === cluster)?.lastSuccessAt,
    });
    this.#metrics?.sourceHealthy.set({ cluster }, activity.healthy ? 1 : 0);

    const changedStates: SandboxState[] = [];
    const changedSavings: SavingsRow[] = [];
    for (const sandbox of sandboxes) {
      const previous = states.get(sandbox.name);
      let next: SandboxState;
      let observed: FleetSandbox;
      try {
        [next, observed] = await this.#handleSandbox(
          sandbox,
          previous,
          activity,
          now,
          events,
          counts,
        );
      } catch (error) {
        this.#logger.error(
          `Autoscaler could not handle sandbox ${sandbox.name}: ${error}`,
        );
        continue;
      }
      if (!sameState(previous, next))
        changedStates.push({ ...next, updatedAt: now });
      const row = observeSavings(savings.get(sandbox.name), observed, now);
      if (row) changedSavings.push(row);
    }

    const present = new Set(sandboxes.map(s => s.name));
    const gone = [...states.keys()].filter(name => !present.has(name));
    for (const row of savings.values()) {
      if (!present.has(row.sandbox) && row.openSince !== undefined) {
        changedSavings.push(closeInterval(row, now));
      }
    }
    await this.#store.saveStates(changedStates);
    await this.#store.saveSavings(changedSavings);
    await this.#store.deleteStates(gone);
  }

  /** Returns the sandbox's next state and the sandbox as it is after any action. */
  async #handleSandbox(
    sandbox: FleetSandbox,
    previous: SandboxState | undefined,
    activity: ClusterActivity,
    now: number,
    events: DueScheduleEvent[],
    counts: CycleCounts,
  ): Promise<ActionOutcome> {
    let state: SandboxState = previous ?? {
      sandbox: sandbox.name,
      cluster: sandbox.cluster,
      status: 'active',
      statusMessage: '',
      updatedAt: now,
    };
    // Resumed by someone else since we suspended it: forget our suspension.
    if (!sandbox.suspended && state.suspendedBy) {
      state = { ...state, suspendedBy: undefined, suspendedAt: undefined };
    }
    const scheduled = await this.#actions.applySchedules(
      sandbox,
      state,
      activity,
      now,
      events,
      counts,
    );
    if (scheduled) return scheduled;

    const evaluation = evaluateSandbox({
      sandbox,
      state,
      activity,
      now,
      policy: this.#policy,
    });
    state = {
      ...state,
      status: evaluation.status,
      statusMessage: evaluation.statusMessage,
      idleWarnedAt:
        evaluation.status === 'idle-warned' ? state.idleWarnedAt : undefined,
      metricsSeenAt:
        evaluation.seenInAnswer &&
        (state.metricsSeenAt === undefined ||
          now - state.metricsSeenAt >= SEEN_REFRESH_MS)
          ? now
          : state.metricsSeenAt,
    };
    const verdict = evaluation.verdict;
    switch (verdict.action) {
      case 'warn':
        return this.#actions.warn(sandbox, state, verdict, now, counts);
      case 'suspend':
        return this.#actions.suspendIdle(sandbox, state, verdict, now, counts);
      case 'resume':
        return this.#actions.resume(
          sandbox,
          state,
          verdict.reason,
          now,
          counts,
        );
      default:
        return [state, sandbox];
    }
  }
}
