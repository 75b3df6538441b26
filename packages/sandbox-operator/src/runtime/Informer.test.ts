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
});
