import { Counter, Gauge, Histogram, Registry, register } from 'prom-client';
import { FleetSavings } from './savings';

function getOrCreate<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/**
 * Prometheus metrics of the autoscaler (prom-client). Savings are read from
 * the database on scrape, so every backend replica reports the fleet's
 * figures, not only the one that ran the last cycle.
 */
export class AutoscalerMetrics {
  readonly decisions: Counter<'action'>;
  readonly cycleSeconds: Histogram<string>;
  readonly sourceHealthy: Gauge<'cluster'>;

  static create(options: {
    registry?: Registry;
    getSavings: () => Promise<FleetSavings>;
  }): AutoscalerMetrics {
    return new AutoscalerMetrics(
      options.registry ?? register,
      options.getSavings,
    );
  }

  private constructor(
    registry: Registry,
    getSavings: () => Promise<FleetSavings>,
  ) {
    this.decisions = getOrCreate(
      registry,
      'sandboxes_autoscaler_decisions_total',
      () =>
        new Counter({
          name: 'sandboxes_autoscaler_decisions_total',
          help: 'Autoscaler actions taken, by action (warned, suspended, resumed, resume-refused)',
          labelNames: ['action'],
          registers: [registry],
        }),
    );
    this.cycleSeconds = getOrCreate(
      registry,
      'sandboxes_autoscaler_cycle_seconds',
      () =>
        new Histogram({
          name: 'sandboxes_autoscaler_cycle_seconds',
          help: 'Wall time of one autoscaler cycle over all clusters',
          buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
          registers: [registry],
        }),
    );
    this.sourceHealthy = getOrCreate(
      registry,
      'sandboxes_autoscaler_metrics_source_up',
      () =>
        new Gauge({
          name: 'sandboxes_autoscaler_metrics_source_up',
          help: '1 when the cluster metrics source answered the last cycle, 0 when the autoscaler is paused there',
          labelNames: ['cluster'],
          registers: [registry],
        }),
    );
    const savingsGauge = (
      name: string,
      help: string,
      pick: (s: FleetSavings) => number,
    ) =>
      getOrCreate(
        registry,
        name,
        () =>
          new Gauge({
            name,
            help,
            registers: [registry],
            async collect() {
              this.set(pick(await getSavings()));
            },
          }),
      );
    savingsGauge(
      'sandboxes_autoscaler_saved_replica_hours',
      'Replica-hours avoided by scaled-down sandboxes, fleet-wide',
      s => s.total.replicaHours,
    );
    savingsGauge(
      'sandboxes_autoscaler_saved_cpu_core_hours',
      'Requested CPU core-hours avoided by scaled-down sandboxes, fleet-wide',
      s => s.total.cpuCoreHours,
    );
    savingsGauge(
      'sandboxes_autoscaler_saved_memory_gib_hours',
      'Requested memory GiB-hours avoided by scaled-down sandboxes, fleet-wide',
      s => s.total.memoryGibHours,
    );
  }
}
