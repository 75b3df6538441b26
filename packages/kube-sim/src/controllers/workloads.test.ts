import { startKubeSim, KubeSim } from '../startKubeSim';
import { testClients, waitFor } from '../__testUtils__/testClients';

const template = (app: string, image: string, restartPolicy?: string) => ({
  metadata: { labels: { app } },
  spec: { restartPolicy, containers: [{ name: 'main', image }] },
});

describe('kwok-like kubelet and workload controllers', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof testClients>;

  beforeAll(async () => {
    sim = await startKubeSim({ port: 0, kubeletDelayMs: 20 });
    c = testClients(sim);
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it('rolls a Deployment out to ready ReplicaSet pods and reports status', async () => {
    await c.apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: template('web', 'nginx:1'),
        },
      },
    });
    const ready = await waitFor(async () => {
      const d = await c.apps.readNamespacedDeployment({
        namespace: 'default',
        name: 'web',
      });
      return d.status?.readyReplicas === 2 ? d : undefined;
    });
    expect(ready.status).toMatchObject({
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 2,
      availableReplicas: 2,
    });
    expect(
      ready.status!.conditions!.find(x => x.type === 'Available')!.status,
    ).toBe('True');
    const rs = await c.apps.listNamespacedReplicaSet({ namespace: 'default' });
    expect(rs.items).toHaveLength(1);
    const pods = await c.core.listNamespacedPod({
      namespace: 'default',
      labelSelector: 'app=web',
    });
    expect(pods.items.map(p => p.status!.phase)).toEqual([
      'Running',
      'Running',
    ]);
    expect(pods.items[0].metadata!.ownerReferences![0]).toMatchObject({
      kind: 'ReplicaSet',
      controller: true,
    });

    await c.apps.patchNamespacedDeploymentScale({
      namespace: 'default',
      name: 'web',
      body: [{ op: 'replace', path: '/spec/replicas', value: 1 }],
    });
    await waitFor(
      async () =>
        (
          await c.core.listNamespacedPod({
            namespace: 'default',
            labelSelector: 'app=web',
          })
        ).items.length === 1,
    );
  });

  it('creates StatefulSet pods in order and reports readiness', async () => {
    await c.apps.createNamespacedStatefulSet({
      namespace: 'default',
      body: {
        metadata: { name: 'db' },
        spec: {
          replicas: 3,
          serviceName: 'db',
          selector: { matchLabels: { app: 'db' } },
          template: template('db', 'postgres:16'),
        },
      },
    });
    await waitFor(
      async () =>
        (
          await c.apps.readNamespacedStatefulSet({
            namespace: 'default',
            name: 'db',
          })
        ).status?.readyReplicas === 3,
    );
    const pods = await c.core.listNamespacedPod({
      namespace: 'default',
      labelSelector: 'app=db',
    });
    expect(pods.items.map(p => p.metadata!.name)).toEqual([
      'db-0',
      'db-1',
      'db-2',
    ]);
  });

  it('runs a Job to completion', async () => {
    await c.batch.createNamespacedJob({
      namespace: 'default',
      body: {
        metadata: { name: 'once' },
        spec: { template: template('job', 'busybox', 'Never') },
      },
    });
    const job = await waitFor(async () => {
      const j = await c.batch.readNamespacedJob({
        namespace: 'default',
        name: 'once',
      });
      return j.status?.conditions?.some(
        x => x.type === 'Complete' && x.status === 'True',
      )
        ? j
        : undefined;
    });
    expect(job.status!.succeeded).toBe(1);
    expect(job.status!.completionTime).toBeDefined();
  });

  it('leaves pods with unpullable images (name contains "notfound" or "invalid") in ImagePullBackOff', async () => {
    await c.core.createNamespacedPod({
      namespace: 'default',
      body: {
        metadata: { name: 'bad' },
        spec: {
          containers: [{ name: 'main', image: 'registry.example/notfound:1' }],
        },
      },
    });
    const pod = await waitFor(async () => {
      const p = await c.core.readNamespacedPod({
        namespace: 'default',
        name: 'bad',
      });
      return p.status?.containerStatuses?.[0].state?.waiting?.reason ===
        'ImagePullBackOff'
        ? p
        : undefined;
    });
    expect(pod.status!.phase).toBe('Pending');
    expect(pod.status!.conditions!.find(x => x.type === 'Ready')!.status).toBe(
      'False',
    );
  });

  it('serves container logs once the container runs', async () => {
    await c.core.createNamespacedPod({
      namespace: 'default',
      body: {
        metadata: { name: 'talk' },
        spec: { containers: [{ name: 'main', image: 'busybox' }] },
      },
    });
    await waitFor(
      async () =>
        (
          await c.core.readNamespacedPod({ namespace: 'default', name: 'talk' })
        ).status?.phase === 'Running',
    );
    sim.appendPodLog('default', 'talk', 'main', 'hello from the test');
    const log = await c.core.readNamespacedPodLog({
      namespace: 'default',
      name: 'talk',
    });
    expect(log).toContain('kube-sim: container main started (image busybox)');
    expect(log).toContain('hello from the test');
  });
});
