import { ConfigReader } from '@backstage/config';
import { readAutoscalerConfig } from './config';
import { PROMQL_PRESETS } from './presets';

const read = (autoscaler: object) =>
  readAutoscalerConfig(new ConfigReader({ sandboxes: { autoscaler } }));

describe('readAutoscalerConfig', () => {
  it('has documented defaults and no metrics source unless configured', () => {
    const config = readAutoscalerConfig(new ConfigReader({}));
    expect(config).toEqual({
      enabled: true,
      frequency: { minutes: 1 },
      threshold: 0,
      idleWindowMinutes: 30,
      startupGraceMinutes: 10,
      warnBeforeMinutes: 5,
      wakeOnRequests: false,
      wakeThreshold: 0,
      wakeWindowMinutes: 2,
      defaultPrometheus: undefined,
      clusterPrometheus: new Map(),
      schedules: [],
    });
  });

  it('reads a default Prometheus with a preset and per-cluster ones with their own query', () => {
    const config = read({
      frequency: { seconds: 30 },
      prometheus: { url: 'http://prom:9090/', preset: 'istio' },
      clusters: {
        eu: {
          prometheus: {
            url: 'http://eu-prom:9090',
            query: 'sum by (ns) (increase(my_requests[{{window}}]))',
            namespaceLabel: 'ns',
            headers: { Authorization: 'Bearer x' },
          },
        },
        us: {},
      },
    });
    expect(config.defaultPrometheus).toEqual({
      url: 'http://prom:9090',
      query: PROMQL_PRESETS.istio,
      namespaceLabel: 'namespace',
      headers: {},
      timeoutMs: 10_000,
    });
    expect([...config.clusterPrometheus.keys()]).toEqual(['eu']);
    expect(config.clusterPrometheus.get('eu')).toMatchObject({
      namespaceLabel: 'ns',
      headers: { Authorization: 'Bearer x' },
    });
    expect(config.wakeWindowMinutes).toBe(2);
  });

  it('refuses an unknown preset, a query without {{window}} and an invalid cron', () => {
    expect(() =>
      read({ prometheus: { url: 'http://p', preset: 'haproxy' } }),
    ).toThrow(/Unknown autoscaler PromQL preset 'haproxy'/);
    expect(() =>
      read({ prometheus: { url: 'http://p', query: 'sum(up)' } }),
    ).toThrow(/must contain the \{\{window\}\} placeholder/);
    expect(() =>
      read({
        schedules: [
          {
            name: 'nights',
            suspendCron: 'at seven',
            timeZone: 'Europe/Berlin',
          },
        ],
      }),
    ).toThrow(/Invalid cron 'at seven' in autoscaler schedule 'nights'/);
  });

  it('every preset is grouped by namespace and has the window placeholder', () => {
    for (const query of Object.values(PROMQL_PRESETS)) {
      expect(query).toMatch(/^sum by \(namespace\) /);
      expect(query).toContain('[{{window}}]');
    }
  });
});
