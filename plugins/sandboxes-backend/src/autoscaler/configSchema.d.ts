/*
 * The `sandboxes.autoscaler` section of the app config, to be merged into the
 * plugin's config.d.ts (the plugin's configSchema). Read by readAutoscalerConfig.
 */
import { HumanDuration } from '@backstage/types';

/** A Prometheus HTTP API to ask for sandbox activity. */
export interface AutoscalerPrometheusConfig {
  /** Base URL, e.g. http://prometheus.monitoring:9090 */
  url: string;
  /**
   * A built-in query: 'ingress-nginx' (default), 'envoy-gateway', 'istio' or
   * 'traefik'. Ignored when `query` is set.
   */
  preset?: 'ingress-nginx' | 'envoy-gateway' | 'istio' | 'traefik';
  /**
   * Your own PromQL: requests per sandbox namespace over `{{window}}`, e.g.
   * `sum by (namespace) (increase(my_requests_total[{{window}}]))`.
   */
  query?: string;
  /** The label of the answer that holds the namespace. Default "namespace". */
  namespaceLabel?: string;
  /**
   * Extra HTTP headers, e.g. Authorization for a hosted Prometheus.
   * @visibility secret
   */
  headers?: { [name: string]: string };
  /** Default 10000. */
  timeoutMs?: number;
}

export interface Config {
  sandboxes?: {
    autoscaler?: {
      /** Default true. False: no scale-down, no wake, no schedules. */
      enabled?: boolean;
      /** How often a cycle runs (one backend replica at a time). Default { minutes: 1 }. */
      frequency?: HumanDuration | string;
      /** Activity at or under this over the whole idle window counts as idle. Default 0. */
      threshold?: number;
      /** Default 30; a template overrides it with spec.autoscaling.idleWindowMinutes. */
      idleWindowMinutes?: number;
      /** No scale-down within this long of creation or resume. Default 10. */
      startupGraceMinutes?: number;
      /** Warning in the activity log (and a notification) this long before scale-down; 0 disables. Default 5. */
      warnBeforeMinutes?: number;
      /** Resume a sandbox the autoscaler scaled down when requests come back. Default true. */
      wakeOnRequests?: boolean;
      /** Requests above this (and above `threshold`) in the wake window wake it. Default 0. */
      wakeThreshold?: number;
      /** Default max(2, 2 × frequency in minutes). */
      wakeWindowMinutes?: number;
      /** The metrics source of clusters without their own. */
      prometheus?: AutoscalerPrometheusConfig;
      /** Per-cluster sources, keyed by cluster name. */
      clusters?: {
        [cluster: string]: { prometheus?: AutoscalerPrometheusConfig };
      };
      /** Off-hours: suspend at `suspendCron`, resume at `resumeCron` if set. */
      schedules?: Array<{
        name: string;
        /** Template names; empty or absent means every template. */
        templates?: string[];
        /** Owner entity refs; empty or absent means every owner. */
        owners?: string[];
        suspendCron: string;
        resumeCron?: string;
        /** IANA time zone. Default UTC. */
        timeZone?: string;
      }>;
    };
  };
}
