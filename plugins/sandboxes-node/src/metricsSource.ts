import { createExtensionPoint } from '@backstage/backend-plugin-api';

/**
 * One activity query of the idle autoscaler: the activity of every sandbox
 * namespace of a cluster, over each of the given windows, at one instant.
 *
 * @public
 */
export interface SandboxActivityRequest {
  /** The cluster whose sandboxes are asked about. */
  cluster: string;
  /** Window lengths in seconds; the answer has a value per namespace and window. */
  windowsSeconds: number[];
  /** The evaluation time; a source must answer for this instant, not "now". */
  at: Date;
  signal?: AbortSignal;
}

/**
 * The answer to one {@link SandboxActivityRequest}. A source throws when it
 * cannot answer; the autoscaler then keeps every sandbox of the cluster awake.
 *
 * @public
 */
export interface SandboxActivityAnswer {
  /** The exact query sent, kept as evidence for decisions. */
  query: string;
  /** Activity (e.g. requests) per namespace, then per window length in seconds. */
  byNamespace: Map<string, Map<number, number>>;
}

/**
 * Where the autoscaler gets sandbox activity from. The built-in source is the
 * Prometheus HTTP API; other backends (Datadog, CloudWatch, ...) plug in
 * through {@link sandboxesMetricsSourceExtensionPoint}. One call must answer
 * for all sandboxes of a cluster: the number of calls per cycle must not grow
 * with the number of sandboxes.
 *
 * @public
 */
export interface SandboxMetricsSource {
  /** A name for status messages and logs, e.g. "datadog". */
  readonly id: string;
  /** Whether this source answers for the given cluster. */
  supportsCluster(cluster: string): boolean;
  queryActivity(
    request: SandboxActivityRequest,
  ): Promise<SandboxActivityAnswer>;
}

/**
 * Lets backend modules add metrics sources to the sandboxes autoscaler.
 * Configured Prometheus sources take precedence for their clusters.
 *
 * @public
 */
export interface SandboxesMetricsSourceExtensionPoint {
  addMetricsSource(source: SandboxMetricsSource): void;
}

/** @public */
export const sandboxesMetricsSourceExtensionPoint =
  createExtensionPoint<SandboxesMetricsSourceExtensionPoint>({
    id: 'sandboxes.autoscaler.metrics-sources',
  });
