import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
} from 'prom-client';
import {
  SANDBOX_PHASES,
  SandboxPhase,
} from '@sandboxkit/backstage-plugin-sandboxes-common';

/**
 * The operator's Prometheus metrics, in a registry of its own so several
 * operators can run in one process (tests) without clashing.
 */
export class OperatorMetrics {
  readonly registry = new Registry();
  readonly reconcileDuration: Histogram<'result'>;
  readonly reconcileErrors: Counter<'reason'>;
  readonly queueDepth: Gauge;
  readonly apiRequests: Counter<'method' | 'code'>;
  readonly leader: Gauge;
  readonly sandboxesByPhase: Gauge<'phase'>;

  constructor(options: {
    phases: () => Array<SandboxPhase | undefined>;
    defaultMetrics?: boolean;
  }) {
    const registers = [this.registry];
    if (options.defaultMetrics)
      collectDefaultMetrics({ register: this.registry });
    this.reconcileDuration = new Histogram({
      name: 'sandbox_operator_reconcile_duration_seconds',
      help: 'Time to reconcile one Sandbox, by result (success, requeue, error).',
      labelNames: ['result'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.reconcileErrors = new Counter({
      name: 'sandbox_operator_reconcile_errors_total',
      help: 'Reconciles that failed and were retried with backoff, by error reason.',
      labelNames: ['reason'],
      registers,
    });
    this.queueDepth = new Gauge({
      name: 'sandbox_operator_queue_depth',
      help: 'Sandboxes waiting in the work queue.',
      registers,
    });
    this.apiRequests = new Counter({
      name: 'sandbox_operator_api_requests_total',
      help: 'Requests to the Kubernetes API, by method and status code.',
      labelNames: ['method', 'code'],
      registers,
    });
    this.leader = new Gauge({
      name: 'sandbox_operator_leader',
      help: '1 while this instance holds the leader lease.',
      registers,
    });
    this.sandboxesByPhase = new Gauge({
      name: 'sandbox_operator_sandboxes',
      help: 'Sandboxes by phase, as this leader sees them.',
      labelNames: ['phase'],
      registers,
      collect() {
        const counts = new Map<string, number>(SANDBOX_PHASES.map(p => [p, 0]));
        for (const phase of options.phases()) {
          const key = phase ?? 'Pending';
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        for (const [phase, count] of counts) this.set({ phase }, count);
      },
    });
  }
}
