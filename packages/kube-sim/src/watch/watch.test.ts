import http from 'node:http';
import {
  CoreV1Api,
  KubernetesObject,
  makeInformer,
  V1ConfigMap,
  Watch,
} from '@kubernetes/client-node';
import { startKubeSim, KubeSim } from '../startKubeSim';
import { testClients, waitFor } from '../__testUtils__/testClients';

interface Seen {
  type: string;
  name?: string;
  rv?: string;
  code?: number;
  annotations?: Record<string, string>;
}

describe('watch through @kubernetes/client-node', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof testClients>;
  const aborts: AbortController[] = [];

  beforeAll(async () => {
    sim = await startKubeSim({
      port: 0,
      kubeletDelayMs: 10,
      bookmarkIntervalMs: 100,
    });
    c = testClients(sim);
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());
  afterEach(() => aborts.splice(0).forEach(a => a.abort()));

  async function watch(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
  ) {
    const seen: Seen[] = [];
    let done: unknown = 'open';
    const controller = await new Watch(c.kc).watch(
      path,
      query,
      (type, obj: any) =>
        seen.push({
          type,
          name: obj?.metadata?.name,
          rv: obj?.metadata?.resourceVersion,
          code: obj?.code,
          annotations: obj?.metadata?.annotations,
        }),
      err => {
        done = err ?? null;
      },
    );
    aborts.push(controller);
    return { seen, isDone: () => done !== 'open', error: () => done };
  }

  const cm = (name: string, labels?: Record<string, string>) =>
    c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name, labels } },
    });

  it('replays current objects as ADDED when no resourceVersion is given, then streams changes', async () => {
    await cm('before');
    const w = await watch('/api/v1/namespaces/default/configmaps', {});
    await waitFor(() => w.seen.some(e => e.name === 'before'));
    await cm('after');
    await c.core.deleteNamespacedConfigMap({
      namespace: 'default',
      name: 'before',
    });
    await waitFor(() => w.seen.length >= 4);
    expect(
      w.seen
        .filter(e => e.name !== 'kube-root-ca.crt')
        .map(e => `${e.type} ${e.name}`),
    ).toEqual(['ADDED before', 'ADDED after', 'DELETED before']);
  });

  it('starts from a resourceVersion without replaying older state', async () => {
    await cm('old');
    const list = await c.core.listNamespacedConfigMap({ namespace: 'default' });
    await cm('new');
    const w = await watch('/api/v1/namespaces/default/configmaps', {
      resourceVersion: list.metadata!.resourceVersion,
    });
    await waitFor(() => w.seen.length >= 1);
    expect(w.seen.map(e => `${e.type} ${e.name}`)).toEqual(['ADDED new']);
  });

  it('answers 410 Expired (an ERROR event) for a resourceVersion older than the kept history', async () => {
    const first = await cm('a');
    await cm('b');
    sim.faults.compactHistory();
    const w = await watch('/api/v1/namespaces/default/configmaps', {
      resourceVersion: first.metadata!.resourceVersion,
    });
    await waitFor(() => w.isDone());
    expect(w.seen).toEqual([
      expect.objectContaining({ type: 'ERROR', code: 410 }),
    ]);
  });

  it('turns label changes into ADDED and DELETED for a label-selected watch', async () => {
    await cm('x');
    const w = await watch('/api/v1/namespaces/default/configmaps', {
      labelSelector: 'team=a',
      resourceVersion: String(
        (
          await c.core.listNamespacedConfigMap({ namespace: 'default' })
        ).metadata!.resourceVersion,
      ),
    });
    await c.core.replaceNamespacedConfigMap({
      namespace: 'default',
      name: 'x',
      body: { metadata: { name: 'x', labels: { team: 'a' } } },
    });
    await c.core.replaceNamespacedConfigMap({
      namespace: 'default',
      name: 'x',
      body: {
        metadata: { name: 'x', labels: { team: 'a' } },
        data: { k: 'v' },
      },
    });
    await c.core.replaceNamespacedConfigMap({
      namespace: 'default',
      name: 'x',
      body: { metadata: { name: 'x', labels: { team: 'b' } } },
    });
    await waitFor(() => w.seen.length >= 3);
    expect(w.seen.map(e => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
  });

  it('sends bookmarks, including the initial-events-end bookmark', async () => {
    const w = await watch('/api/v1/namespaces/default/configmaps', {
      allowWatchBookmarks: true,
      sendInitialEvents: true,
      resourceVersionMatch: 'NotOlderThan',
    });
    await waitFor(
      () => w.seen.filter(e => e.type === 'BOOKMARK').length >= 2,
      3000,
    );
    const first = w.seen.find(e => e.type === 'BOOKMARK')!;
    expect(first.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
    expect(Number(first.rv)).toBeGreaterThan(0);
  });

  it('ends the stream after timeoutSeconds', async () => {
    const started = Date.now();
    const w = await watch('/api/v1/namespaces/default/configmaps', {
      timeoutSeconds: 1,
    });
    await waitFor(() => w.isDone(), 3000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(w.error()).toBeNull();
  });

  it('flushes the response headers before any event', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.get(
        `${sim.url}/api/v1/namespaces/empty-nowhere/configmaps?watch=true`,
        res => {
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', reject);
    });
    expect(status).toBe(200);
  });

  it('keeps an informer in sync across a dropped watch and a 410 relist', async () => {
    const informer = makeInformer<V1ConfigMap & KubernetesObject>(
      c.kc,
      '/api/v1/namespaces/default/configmaps',
      () =>
        c.kc
          .makeApiClient(CoreV1Api)
          .listNamespacedConfigMap({ namespace: 'default' }),
    );
    const added: string[] = [];
    const deleted: string[] = [];
    informer.on('add', o => added.push(o.metadata!.name!));
    informer.on('delete', o => deleted.push(o.metadata!.name!));
    // client-node informers stop on connection errors; restarting is the documented pattern.
    let errors = 0;
    informer.on('error', () => {
      errors++;
      setTimeout(() => informer.start(), 10);
    });
    await informer.start();
    try {
      await cm('one');
      await waitFor(() => added.includes('one'));

      // A cleanly ended watch is re-established from the last resourceVersion.
      sim.faults.dropWatches();
      await cm('two');
      await waitFor(() => added.includes('two'));

      // A reset connection surfaces as an error; the restarted informer catches up.
      sim.faults.resetWatches();
      await waitFor(() => errors > 0);
      await cm('four');
      await waitFor(() => added.includes('four'));

      // While the informer is stopped, history is compacted: its re-watch gets 410 and it relists.
      await informer.stop();
      await c.core.deleteNamespacedConfigMap({
        namespace: 'default',
        name: 'one',
      });
      await cm('three');
      sim.faults.compactHistory();
      await informer.start();
      await waitFor(() => added.includes('three') && deleted.includes('one'));
      expect(
        informer
          .list()
          .map(o => o.metadata!.name)
          .sort(),
      ).toEqual(['four', 'kube-root-ca.crt', 'three', 'two']);
    } finally {
      await informer.stop();
    }
  });
});
