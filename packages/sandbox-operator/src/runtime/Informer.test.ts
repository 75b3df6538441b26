import net from 'node:net';
import { KubeSim, startKubeSim } from '@sandboxkit/kube-sim';
import { KubeClient } from '../kube/KubeClient';
import { loadKubeConfig } from '../kube/loadKubeConfig';
import { resourceType } from '../kube/resources';
import { KubeObject } from '../kube/types';
import { Informer, InformerEvent } from './Informer';

const CONFIGMAP = resourceType('v1', 'ConfigMap');

async function eventually(check: () => boolean) {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise(r => setTimeout(r, 20));
  }
}

/**
 * A TCP proxy in front of the API server that can go silent: open
 * connections stay open but nothing more passes through them, as when a
 * load balancer drops a connection without closing it. New connections
 * pass again. Counts the list and watch requests it forwards.
 */
async function startFreezableProxy(target: URL) {
  const open = new Set<{ frozen: boolean }>();
  const requests: string[] = [];
  const server = net.createServer(client => {
    const state = { frozen: false };
    open.add(state);
    const upstream = net.connect(Number(target.port), target.hostname);
    client.on('data', chunk => {
      const line = chunk.toString('latin1').split('\r\n')[0];
      if (/^[A-Z]+ \//.test(line)) requests.push(line);
      if (!state.frozen) upstream.write(chunk);
    });
    upstream.on('data', chunk => {
      if (!state.frozen) client.write(chunk);
    });
    const end = () => {
      open.delete(state);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    requests,
    freezeOpenConnections() {
      for (const state of open) state.frozen = true;
    },
    close: () =>
      new Promise<void>(r => {
        for (const state of open) state.frozen = true;
        server.close(() => r());
      }),
  };
}

describe('Informer', () => {
  let sim: KubeSim;
  let client: KubeClient;

  beforeAll(async () => {
    sim = await startKubeSim({ port: 0 });
    client = KubeClient.fromKubeConfig(loadKubeConfig(sim.kubeConfig()));
  });
  afterAll(async () => {
    client.close();
    await sim.stop();
  });

  it('keeps its cache right across dropped watches and compacted history (410 → relist)', async () => {
    const events: Array<InformerEvent<KubeObject>> = [];
    const informer = new Informer<KubeObject>({
      client,
      type: CONFIGMAP,
      labelSelector: 'informer-test',
      onEvent: e => events.push(e),
    });
    const cm = (name: string) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name,
        namespace: 'default',
        labels: { 'informer-test': 'yes' },
      },
    });
    await client.create(cm('first'));
    informer.start();
    await informer.waitForSync();
    expect(informer.get('default/first')).toBeDefined();

    sim.faults.dropWatches();
    await client.create(cm('second'));
    await eventually(() => !!informer.get('default/second'));

    // While no watch can resume, objects change and history is compacted.
    sim.faults.failNext({
      method: 'GET',
      pathPattern: 'watch',
      code: 503,
      count: 3,
    });
    sim.faults.dropWatches();
    await client.delete(CONFIGMAP, 'first', 'default');
    await client.create(cm('third'));
    sim.faults.compactHistory();
    await eventually(
      () => !!informer.get('default/third') && !informer.get('default/first'),
    );
    expect(
      events.some(
        e => e.type === 'delete' && e.object.metadata.name === 'first',
      ),
    ).toBe(true);
    expect(
      informer
        .listNamespace('default')
        .map(o => o.metadata.name)
        .sort(),
    ).toEqual(['second', 'third']);
    informer.stop();
  });

  it('restarts a silent watch from its last resourceVersion, without a relist', async () => {
    const quietSim = await startKubeSim({
      port: 0,
      bookmarkIntervalMs: 3_600_000,
    });
    const proxy = await startFreezableProxy(new URL(quietSim.url));
    const kubeConfig = loadKubeConfig(quietSim.kubeConfig());
    kubeConfig.clusters[0] = { ...kubeConfig.clusters[0], server: proxy.url };
    // One socket per request, so freezing the watch's leaves others alone.
    const proxied = KubeClient.fromKubeConfig(kubeConfig);
    const direct = KubeClient.fromKubeConfig(
      loadKubeConfig(quietSim.kubeConfig()),
    );
    const errors: string[] = [];
    const informer = new Informer<KubeObject>({
      client: proxied,
      type: CONFIGMAP,
      watchSilenceMs: 500,
      onEvent: () => {},
      onError: e => errors.push(String(e)),
    });
    try {
      informer.start();
      await informer.waitForSync();
      const lists = () =>
        proxy.requests.filter(r => r.startsWith('GET') && !r.includes('watch'))
          .length;
      const watches = () => proxy.requests.filter(r => r.includes('watch=1'));
      await eventually(() => watches().length === 1);
      expect(lists()).toBe(1);

      proxy.freezeOpenConnections();
      await direct.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'while-silent', namespace: 'default' },
      });
      await eventually(() => !!informer.get('default/while-silent'));
      expect(errors.join()).toMatch(/silent; resuming from/);
      expect(lists()).toBe(1);
      // The second watch starts where the first one left off.
      const resumed = watches()[1];
      expect(resumed).toMatch(/resourceVersion=\d+/);
      expect(resumed).toContain(
        `resourceVersion=${/resourceVersion=(\d+)/.exec(watches()[0])![1]}`,
      );
    } finally {
      informer.stop();
      proxied.close();
      direct.close();
      await proxy.close();
      await quietSim.stop();
    }
  });
});
