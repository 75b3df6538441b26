import { Counter, Histogram, Registry } from 'prom-client';

/** The waker's metrics, in the operator's registry (its /metrics). */
export class WakerMetrics {
  readonly wakeDuration: Histogram;
  readonly pages: Counter<'page'>;
  readonly wakeRequests: Counter;
  readonly nonBrowserRequests: Counter<'outcome'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.wakeDuration = new Histogram({
      name: 'sandbox_waker_wake_duration_seconds',
      help: 'From the first request to a sleeping sandbox until it is Ready again.',
      buckets: [1, 2, 5, 10, 20, 30, 45, 60, 90, 120, 180, 300],
      registers,
    });
    this.pages = new Counter({
      name: 'sandbox_waker_pages_total',
      help: 'Pages the waker answered browsers with, by page (waking, expired, deleted, refused).',
      labelNames: ['page'],
      registers,
    });
    this.wakeRequests = new Counter({
      name: 'sandbox_waker_wake_requests_total',
      help: 'Wake requests recorded on Sandboxes (one per wake, however many requests arrive).',
      registers,
    });
    this.nonBrowserRequests = new Counter({
      name: 'sandbox_waker_other_requests_total',
      help: 'Requests from clients other than browsers, by outcome (rejected: 503 with Retry-After; passed-on; timed-out).',
      labelNames: ['outcome'],
      registers,
    });
  }
}
