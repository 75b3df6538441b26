import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { CronExpressionParser } from 'cron-parser';
import { isPromqlPresetName, PROMQL_PRESETS } from './presets';

/** Where a cluster's activity comes from when it is Prometheus. */
export interface PrometheusSourceConfig {
  /** Base URL of the Prometheus HTTP API, e.g. http://prometheus:9090. */
  url: string;
  /** PromQL grouped by namespace with a `{{window}}` placeholder. */
  query: string;
  /** The label that carries the namespace in the answer (default "namespace"). */
  namespaceLabel: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

/** An off-hours schedule: suspend at `suspendCron`, optionally resume at `resumeCron`. */
export interface OffHoursSchedule {
  name: string;
  /** Template names it applies to; empty means any template. */
  templates: string[];
  /** Owner entity refs it applies to; empty means any owner. */
  owners: string[];
  suspendCron: string;
  resumeCron?: string;
  timeZone: string;
}

/** The autoscaler's configuration, read once from `sandboxes.autoscaler`. */
export interface AutoscalerConfig {
  enabled: boolean;
  frequency: HumanDuration;
  /** Activity at or under this over the whole window is idle. */
  threshold: number;
  idleWindowMinutes: number;
  startupGraceMinutes: number;
  /** Warn this long before a scale-down; 0 disables warnings. */
  warnBeforeMinutes: number;
  wakeOnRequests: boolean;
  /** Activity above this in the wake window resumes a sandbox the autoscaler suspended. */
  wakeThreshold: number;
  wakeWindowMinutes: number;
  /** Used for clusters without their own `prometheus` section. */
  defaultPrometheus?: PrometheusSourceConfig;
  clusterPrometheus: Map<string, PrometheusSourceConfig>;
  schedules: OffHoursSchedule[];
}

const DEFAULT_FREQUENCY: HumanDuration = { minutes: 1 };

function readPrometheus(config: Config): PrometheusSourceConfig {
  const preset = config.getOptionalString('preset') ?? 'ingress-nginx';
  if (!isPromqlPresetName(preset)) {
    throw new InputError(
      `Unknown autoscaler PromQL preset '${preset}'; expected one of ${Object.keys(
        PROMQL_PRESETS,
      ).join(', ')}`,
    );
  }
  const query = config.getOptionalString('query') ?? PROMQL_PRESETS[preset];
  if (!query.includes('{{window}}')) {
    throw new InputError(
      `The autoscaler PromQL query must contain the {{window}} placeholder: ${query}`,
    );
  }
  const headersConfig = config.getOptionalConfig('headers');
  const headers: Record<string, string> = {};
  for (const key of headersConfig?.keys() ?? []) {
    headers[key] = headersConfig!.getString(key);
  }
  return {
    url: config.getString('url').replace(/\/+$/, ''),
    query,
    namespaceLabel: config.getOptionalString('namespaceLabel') ?? 'namespace',
    headers,
    timeoutMs: config.getOptionalNumber('timeoutMs') ?? 10_000,
  };
}

function readSchedule(config: Config): OffHoursSchedule {
  const schedule: OffHoursSchedule = {
    name: config.getString('name'),
    templates: config.getOptionalStringArray('templates') ?? [],
    owners: config.getOptionalStringArray('owners') ?? [],
    suspendCron: config.getString('suspendCron'),
    resumeCron: config.getOptionalString('resumeCron'),
    timeZone: config.getOptionalString('timeZone') ?? 'UTC',
  };
  for (const cron of [schedule.suspendCron, schedule.resumeCron]) {
    if (cron === undefined) continue;
    try {
      CronExpressionParser.parse(cron, { tz: schedule.timeZone });
    } catch (error) {
      throw new InputError(
        `Invalid cron '${cron}' in autoscaler schedule '${schedule.name}': ${error}`,
      );
    }
  }
  return schedule;
}

/** Reads `sandboxes.autoscaler`, filling in the documented defaults. */
export function readAutoscalerConfig(root: Config): AutoscalerConfig {
  const config = root.getOptionalConfig('sandboxes.autoscaler');
  const frequency = config?.has('frequency')
    ? readDurationFromConfig(config, { key: 'frequency' })
    : DEFAULT_FREQUENCY;
  const frequencyMinutes = durationToMilliseconds(frequency) / 60_000;
  const clusterPrometheus = new Map<string, PrometheusSourceConfig>();
  const clusters = config?.getOptionalConfig('clusters');
  for (const cluster of clusters?.keys() ?? []) {
    const prometheus = clusters!.getOptionalConfig(`${cluster}.prometheus`);
    if (prometheus) clusterPrometheus.set(cluster, readPrometheus(prometheus));
  }
  const defaultPrometheus = config?.getOptionalConfig('prometheus');
  return {
    enabled: config?.getOptionalBoolean('enabled') ?? true,
    frequency,
    threshold: config?.getOptionalNumber('threshold') ?? 0,
    idleWindowMinutes: config?.getOptionalNumber('idleWindowMinutes') ?? 30,
    startupGraceMinutes: config?.getOptionalNumber('startupGraceMinutes') ?? 10,
    warnBeforeMinutes: config?.getOptionalNumber('warnBeforeMinutes') ?? 5,
    // The operator's waker wakes a sleeping sandbox on its first request,
    // without a metrics cycle; this second path only adds wakes for
    // requests that came just before a scale-down (README, "Waking").
    wakeOnRequests: config?.getOptionalBoolean('wakeOnRequests') ?? false,
    wakeThreshold: config?.getOptionalNumber('wakeThreshold') ?? 0,
    // Twice the cycle, so a request between two cycles is never missed.
    wakeWindowMinutes:
      config?.getOptionalNumber('wakeWindowMinutes') ??
      Math.max(2, 2 * frequencyMinutes),
    defaultPrometheus: defaultPrometheus
      ? readPrometheus(defaultPrometheus)
      : undefined,
    clusterPrometheus,
    schedules: (config?.getOptionalConfigArray('schedules') ?? []).map(
      readSchedule,
    ),
  };
}
