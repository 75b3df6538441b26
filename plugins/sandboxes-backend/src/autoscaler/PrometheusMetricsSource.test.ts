import http from 'node:http';
import { AddressInfo } from 'node:net';
import { PROMQL_PRESETS } from './presets';
import {
  buildActivityQuery,
  PrometheusMetricsSource,
} from './PrometheusMetricsSource';
import { RunningPrometheus, startPrometheus } from './__testUtils__/prometheus';

jest.setTimeout(60_000);

describe('buildActivityQuery', () => {
  it('asks once per distinct window, tagging each answer with its window', () => {
    expect(
      buildActivityQuery(
        'sum by (namespace) (increase(m[{{window}}]))',
        [1800, 120, 1800],
      ),
    ).toBe(
      'label_replace(sum by (namespace) (increase(m[120s])), "sandboxes_autoscaler_window", "120", "", "")' +
        ' or label_replace(sum by (namespace) (increase(m[1800s])), "sandboxes_autoscaler_window", "1800", "", "")',
    );
  });
});

describe('PrometheusMetricsSource against a real Prometheus scraping an exporter', () => {
  const counters = new Map<string, number>([
    ['sandbox-a', 0],
    ['sandbox-b', 0],
  ]);
  let exporter: http.Server;
  let prometheus: RunningPrometheus;
  let ticker: NodeJS.Timeout;

  beforeAll(async () => {
    exporter = http.createServer((_req, res) => {
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end(
        `# TYPE nginx_ingress_controller_requests counter\n${[...counters]
          .map(
            ([ns, v]) =>
              `nginx_ingress_controller_requests{namespace="${ns}"} ${v}`,
          )
          .join('\n')}\n`,
      );
    });
    await new Promise<void>(r => exporter.listen(0, '127.0.0.1', r));
    const { port } = exporter.address() as AddressInfo;
    // sandbox-a gets traffic, sandbox-b none.
    ticker = setInterval(
      () => counters.set('sandbox-a', counters.get('sandbox-a')! + 5),
      200,
    );
    prometheus = await startPrometheus({
      scrapeTargets: [`127.0.0.1:${port}`],
      scrapeIntervalSeconds: 1,
    });
  });

  afterAll(async () => {
    clearInterval(ticker);
    await prometheus?.stop();
    await new Promise(r => exporter?.close(r));
  });

  it('returns the requests of every namespace per window in one query', async () => {
    const source = PrometheusMetricsSource.create({
      config: {
        url: prometheus.url,
        query: PROMQL_PRESETS['ingress-nginx'],
        namespaceLabel: 'namespace',
        headers: {},
        timeoutMs: 5000,
      },
    });
    let answer = await source.queryActivity({
      cluster: 'local',
      windowsSeconds: [30, 60],
      at: new Date(),
    });
    // Until Prometheus has scraped the exporter twice; bounded by time, so a
    // busy machine only makes the wait longer.
    const deadline = Date.now() + 45_000;
    while (
      Date.now() < deadline &&
      !(answer.byNamespace.get('sandbox-a')?.get(30)! > 0)
    ) {
      await new Promise(r => setTimeout(r, 200));
      answer = await source.queryActivity({
        cluster: 'local',
        windowsSeconds: [30, 60],
        at: new Date(),
      });
    }
    expect(answer.byNamespace.get('sandbox-a')!.get(30)).toBeGreaterThan(0);
    expect(answer.byNamespace.get('sandbox-a')!.get(60)).toBeGreaterThan(0);
    expect(answer.byNamespace.get('sandbox-b')).toEqual(
      new Map([
        [30, 0],
        [60, 0],
      ]),
    );
    expect(answer.query).toContain(
      'increase(nginx_ingress_controller_requests[60s])',
    );
    expect(source.supportsCluster('anything')).toBe(true);
  });

  it('fails with Prometheus error when the query is invalid', async () => {
    const source = PrometheusMetricsSource.create({
      clusters: ['local'],
      config: {
        url: prometheus.url,
        query:
          'sum by (namespace) (increase(nginx_ingress_controller_requests[{{window}}])',
        namespaceLabel: 'namespace',
        headers: {},
        timeoutMs: 5000,
      },
    });
    expect(source.supportsCluster('other')).toBe(false);
    await expect(
      source.queryActivity({
        cluster: 'local',
        windowsSeconds: [60],
        at: new Date(),
      }),
    ).rejects.toThrow(/^Prometheus query failed \(400 bad_data\)/);
  });

  it('fails when Prometheus cannot be reached', async () => {
    const source = PrometheusMetricsSource.create({
      config: {
        url: 'http://127.0.0.1:1',
        query: PROMQL_PRESETS['ingress-nginx'],
        namespaceLabel: 'namespace',
        headers: {},
        timeoutMs: 2000,
      },
    });
    await expect(
      source.queryActivity({
        cluster: 'local',
        windowsSeconds: [60],
        at: new Date(),
      }),
    ).rejects.toThrow('Prometheus at http://127.0.0.1:1 could not be reached');
  });
});
