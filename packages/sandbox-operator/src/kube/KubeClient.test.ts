import { KubeSim, startKubeSim } from '@sandboxkit/kube-sim';
import { KubeClient } from './KubeClient';
import { loadKubeConfig } from './loadKubeConfig';
import { resourceType } from './resources';
import { KubeApiError } from './errors';

const CONFIGMAP = resourceType('v1', 'ConfigMap');

describe('KubeClient', () => {
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
  afterEach(() => sim.faults.clear());

  it('retries safe calls on 500 and 503 until they succeed', async () => {
    sim.faults.failNext({
      method: 'GET',
      pathPattern: '/configmaps',
      code: 500,
      count: 2,
    });
    sim.faults.failNext({
      method: 'GET',
      pathPattern: '/configmaps',
      code: 503,
    });
    const { items } = await client.list(CONFIGMAP, { namespace: 'default' });
    expect(Array.isArray(items)).toBe(true);
    expect(sim.faults.injectedCount).toBeGreaterThanOrEqual(3);
  });

  it('waits as long as Retry-After asks on 429', async () => {
    sim.faults.failNext({
      method: 'GET',
      pathPattern: '/configmaps',
      code: 429,
      retryAfterSeconds: 1,
    });
    const start = Date.now();
    await client.list(CONFIGMAP, { namespace: 'default' });
    expect(Date.now() - start).toBeGreaterThanOrEqual(950);
  });

  it('does not repeat a create, whose repetition is not safe', async () => {
    sim.faults.failNext({
      method: 'POST',
      pathPattern: '/configmaps',
      code: 500,
    });
    await expect(
      client.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'once', namespace: 'default' },
      }),
    ).rejects.toMatchObject({ statusCode: 500 });
    expect(await client.get(CONFIGMAP, 'once', 'default')).toBeUndefined();
  });

  it('applies server-side under the operator field manager and reports API errors with their reason', async () => {
    const applied = await client.apply({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'applied', namespace: 'default' },
      data: { a: '1' },
    });
    expect(
      (applied.metadata as { managedFields?: Array<{ manager: string }> })
        .managedFields?.[0].manager,
    ).toBe('sandbox-operator');
    const error = await client
      .create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'applied', namespace: 'default' },
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(KubeApiError);
    expect(error).toMatchObject({ statusCode: 409, reason: 'AlreadyExists' });
  });
});
