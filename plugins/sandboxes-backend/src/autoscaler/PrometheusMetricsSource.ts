import { ForwardedError, ServiceUnavailableError } from '@backstage/errors';
import {
  SandboxActivityAnswer,
  SandboxActivityRequest,
  SandboxMetricsSource,
} from '@sandboxkit/backstage-plugin-sandboxes-node';
import { PrometheusSourceConfig } from './config';

/** The label the combined query adds to tell the windows apart. */
const WINDOW_LABEL = 'sandboxes_autoscaler_window';

interface PrometheusVectorResponse {
  status: 'success' | 'error';
  error?: string;
  errorType?: string;
  data?: {
    resultType: string;
    result: Array<{ metric: Record<string, string>; value: [number, string] }>;
  };
}

/**
 * Builds the one query of a cycle: the configured query once per window,
 * each tagged with its window, joined with `or`. A handful of distinct windows
 * (one per idle window in use, plus warning and wake windows), never one per
 * sandbox.
 */
export function buildActivityQuery(
  template: string,
  windowsSeconds: number[],
): string {
  const distinct = [...new Set(windowsSeconds.map(Math.round))].sort(
    (a, b) => a - b,
  );
  return distinct
    .map(
      seconds =>
        `label_replace(${template.replaceAll(
          '{{window}}',
          `${seconds}s`,
        )}, "${WINDOW_LABEL}", "${seconds}", "", "")`,
    )
    .join(' or ');
}

/** Activity from the Prometheus HTTP API (`/api/v1/query` at an explicit time). */
export class PrometheusMetricsSource implements SandboxMetricsSource {
  readonly id = 'prometheus';
  readonly #clusters: Set<string> | 'all';
  readonly #config: PrometheusSourceConfig;

  static create(options: {
    config: PrometheusSourceConfig;
    /** The clusters it answers for; omit for a default source. */
    clusters?: string[];
  }) {
    return new PrometheusMetricsSource(options.config, options.clusters);
  }

  private constructor(config: PrometheusSourceConfig, clusters?: string[]) {
    this.#config = config;
    this.#clusters = clusters ? new Set(clusters) : 'all';
  }

  supportsCluster(cluster: string): boolean {
    return this.#clusters === 'all' || this.#clusters.has(cluster);
  }

  async queryActivity(
    request: SandboxActivityRequest,
  ): Promise<SandboxActivityAnswer> {
    const query = buildActivityQuery(
      this.#config.query,
      request.windowsSeconds,
    );
    const body = new URLSearchParams({
      query,
      time: (request.at.getTime() / 1000).toFixed(3),
    });
    const timeout = AbortSignal.timeout(this.#config.timeoutMs);
    const signal = request.signal
      ? AbortSignal.any([request.signal, timeout])
      : timeout;
    let response: Response;
    try {
      response = await fetch(`${this.#config.url}/api/v1/query`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...this.#config.headers,
        },
        body,
        signal,
      });
    } catch (error) {
      throw new ForwardedError(
        `Prometheus at ${this.#config.url} could not be reached`,
        error,
      );
    }
    const text = await response.text();
    let parsed: PrometheusVectorResponse;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ServiceUnavailableError(
        `Prometheus answered ${
          response.status
        } with a body that is not JSON: ${text.slice(0, 200)}`,
      );
    }
    if (!response.ok || parsed.status !== 'success' || !parsed.data) {
      throw new ServiceUnavailableError(
        `Prometheus query failed (${response.status} ${
          parsed.errorType ?? ''
        }): ${parsed.error ?? text.slice(0, 200)}`,
      );
    }
    if (parsed.data.resultType !== 'vector') {
      throw new ServiceUnavailableError(
        `Prometheus returned a ${parsed.data.resultType}, the autoscaler query must return an instant vector`,
      );
    }
    const byNamespace = new Map<string, Map<number, number>>();
    for (const sample of parsed.data.result) {
      const namespace = sample.metric[this.#config.namespaceLabel];
      const window = Number(sample.metric[WINDOW_LABEL]);
      if (!namespace || !Number.isFinite(window)) continue;
      const value = Number(sample.value[1]);
      let windows = byNamespace.get(namespace);
      if (!windows) {
        windows = new Map();
        byNamespace.set(namespace, windows);
      }
      // NaN (e.g. a counter reset edge case) counts as activity: never idle on doubt.
      windows.set(
        window,
        Number.isNaN(value) ? Number.POSITIVE_INFINITY : value,
      );
    }
    return { query, byNamespace };
  }
}
