import { Watch } from '@kubernetes/client-node';
import { startKubeSim, KubeSim } from '../startKubeSim';
import { failure, testClients, waitFor } from '../__testUtils__/testClients';

describe('fault injection', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof testClients>;

  beforeAll(async () => {
    sim = await startKubeSim({ port: 0, kubeletDelayMs: 10 });
    c = testClients(sim);
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it('fails the next matching requests with 429 and Retry-After, then recovers', async () => {
    sim.faults.failNext({
      method: 'GET',
      pathPattern: /\/configmaps/,
      count: 2,
      code: 429,
      retryAfterSeconds: 3,
    });
    await c.core.listNamespace();
    const first = await failure(
      c.core.listNamespacedConfigMap({ namespace: 'default' }),
    );
    expect(first.code).toBe(429);
    expect(first.headers['retry-after']).toBe('3');
    expect(first.status).toMatchObject({
      kind: 'Status',
      reason: 'TooManyRequests',
      code: 429,
      details: { retryAfterSeconds: 3 },
    });
    expect(
      (await failure(c.core.listNamespacedConfigMap({ namespace: 'default' })))
        .code,
    ).toBe(429);
    await expect(
      c.core.listNamespacedConfigMap({ namespace: 'default' }),
    ).resolves.toBeDefined();
  });

  it('fails with 500, 503 and 409 by string path match and method', async () => {
    sim.faults.failNext({
      pathPattern: '/namespaces/default/configmaps',
      code: 500,
    });
    sim.faults.failNext({
      method: 'POST',
      pathPattern: 'configmaps',
      code: 503,
    });
    sim.faults.failNext({ method: 'PUT', code: 409 });
    expect(
      (await failure(c.core.listNamespacedConfigMap({ namespace: 'default' })))
        .status.reason,
    ).toBe('InternalError');
    expect(
      (
        await failure(
          c.core.createNamespacedConfigMap({
            namespace: 'default',
            body: { metadata: { name: 'x' } },
          }),
        )
      ).status.reason,
    ).toBe('ServiceUnavailable');
    const cm = await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'x' } },
    });
    expect(
      (
        await failure(
          c.core.replaceNamespacedConfigMap({
            namespace: 'default',
            name: 'x',
            body: cm,
          }),
        )
      ).status.reason,
    ).toBe('Conflict');
  });

  it('fails a share of requests at random', async () => {
    sim.faults.failRate({ rate: 0.5, codes: [503] });
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, () => c.core.listNamespace()),
    );
    sim.faults.failRate({ rate: 0 });
    const failed = results.filter(r => r.status === 'rejected').length;
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(35);
  });

  it('adds latency to every request', async () => {
    sim.faults.setLatency(150);
    const started = Date.now();
    await c.core.listNamespace();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    sim.faults.setLatency(0);
  });

  it('ends watches cleanly or resets their sockets', async () => {
    const outcomes: Array<unknown> = [];
    const open = () =>
      new Watch(c.kc).watch(
        '/api/v1/namespaces',
        {},
        () => {},
        err => outcomes.push(err ?? 'clean'),
      );
    await open();
    await new Promise(r => setTimeout(r, 50));
    sim.faults.dropWatches();
    await waitFor(() => outcomes.length === 1);
    expect(outcomes[0]).toBe('clean');
    await open();
    await new Promise(r => setTimeout(r, 50));
    sim.faults.resetWatches();
    await waitFor(() => outcomes.length === 2);
    expect(outcomes[1]).toBeInstanceOf(Error);
  });
});
