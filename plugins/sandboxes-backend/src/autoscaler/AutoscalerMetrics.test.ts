import { Registry } from 'prom-client';
import { AutoscalerMetrics } from './AutoscalerMetrics';

describe('AutoscalerMetrics', () => {
  it('exposes fleet savings read at scrape time, decisions and source health', async () => {
    const registry = new Registry();
    let replicaHours = 12.5;
    const metrics = AutoscalerMetrics.create({
      registry,
      getSavings: async () => ({
        total: { replicaHours, cpuCoreHours: 3.25, memoryGibHours: 6 },
        sandboxes: [],
        at: new Date(0).toISOString(),
      }),
    });
    metrics.decisions.inc({ action: 'suspended' });
    metrics.sourceHealthy.set({ cluster: 'local' }, 0);

    let text = await registry.metrics();
    expect(text).toContain('sandboxes_autoscaler_saved_replica_hours 12.5');
    expect(text).toContain('sandboxes_autoscaler_saved_cpu_core_hours 3.25');
    expect(text).toContain('sandboxes_autoscaler_saved_memory_gib_hours 6');
    expect(text).toContain(
      'sandboxes_autoscaler_decisions_total{action="suspended"} 1',
    );
    expect(text).toContain(
      'sandboxes_autoscaler_metrics_source_up{cluster="local"} 0',
    );

    replicaHours = 13;
    text = await registry.metrics();
    expect(text).toContain('sandboxes_autoscaler_saved_replica_hours 13');
  });

  it('can be created twice on one registry, e.g. when the plugin restarts in tests', () => {
    const registry = new Registry();
    const getSavings = async () => ({
      total: { replicaHours: 0, cpuCoreHours: 0, memoryGibHours: 0 },
      sandboxes: [],
      at: new Date(0).toISOString(),
    });
    AutoscalerMetrics.create({ registry, getSavings });
    expect(() =>
      AutoscalerMetrics.create({ registry, getSavings }),
    ).not.toThrow();
  });
});
