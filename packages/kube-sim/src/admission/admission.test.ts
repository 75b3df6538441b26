import { startKubeSim, KubeSim } from '../startKubeSim';
import { waitFor } from '../__testUtils__/testClients';
import { sendJson } from '../__testUtils__/rawApi';

/**
 * The admission every cluster runs, as documented and implemented upstream:
 * LimitRanger (https://kubernetes.io/docs/concepts/policy/limit-range/,
 * plugin/pkg/admission/limitranger) and ResourceQuota
 * (https://kubernetes.io/docs/concepts/policy/resource-quotas/,
 * plugin/pkg/admission/resourcequota, pkg/controller/resourcequota), and
 * the replica set controller's FailedCreate reporting
 * (pkg/controller/replicaset: ReplicaFailure condition, FailedCreate event).
 */
describe('LimitRange and ResourceQuota admission', () => {
  let sim: KubeSim;
  const ns = '/api/v1/namespaces/default';
  const send = (method: string, path: string, body?: unknown) =>
    sendJson(sim, method, path, body);
  const pod = (name: string, resources: unknown = {}) => ({
    metadata: { name },
    spec: { containers: [{ name: 'app', image: 'nginx', resources }] },
  });

  beforeAll(async () => {
    sim = await startKubeSim({ port: 0, kubeletDelayMs: 10 });
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it('fills container defaults from a LimitRange and refuses what exceeds its max', async () => {
    const lr = await send('POST', `${ns}/limitranges`, {
      metadata: { name: 'defaults' },
      spec: {
        limits: [
          {
            type: 'Container',
            default: { memory: '256Mi' },
            defaultRequest: { cpu: '50m' },
            max: { memory: '512Mi' },
            min: { cpu: '10m' },
          },
        ],
      },
    });
    // A missing default request is the default limit (SetDefaults_LimitRangeItem).
    expect(lr.body.spec.limits[0].defaultRequest).toEqual({
      cpu: '50m',
      memory: '256Mi',
    });
    const created = await send('POST', `${ns}/pods`, pod('p1'));
    expect(created.status).toBe(201);
    expect(created.body.spec.containers[0].resources).toEqual({
      requests: { cpu: '50m', memory: '256Mi' },
      limits: { memory: '256Mi' },
    });
    expect(
      created.body.metadata.annotations['kubernetes.io/limit-ranger'],
    ).toBe(
      'LimitRanger plugin set: cpu, memory request for container app; memory limit for container app',
    );
    const tooBig = await send(
      'POST',
      `${ns}/pods`,
      pod('p2', { limits: { memory: '1Gi' }, requests: { cpu: '5m' } }),
    );
    expect(tooBig.status).toBe(403);
    expect(tooBig.body).toMatchObject({
      reason: 'Forbidden',
      message:
        'pods "p2" is forbidden: [minimum cpu usage per Container is 10m, but request is 5m, maximum memory usage per Container is 512Mi, but limit is 1Gi]',
    });
  });

  it('refuses what would exceed a quota, asks for declared resources, and keeps status.used current', async () => {
    await send('POST', `${ns}/resourcequotas`, {
      metadata: { name: 'compute' },
      spec: {
        hard: {
          'requests.cpu': '1',
          'limits.memory': '1Gi',
          pods: '2',
          configmaps: '2',
        },
      },
    });
    const undeclared = await send('POST', `${ns}/pods`, pod('p0'));
    expect(undeclared.body.message).toBe(
      'pods "p0" is forbidden: failed quota: compute: must specify limits.memory,requests.cpu',
    );
    const first = await send(
      'POST',
      `${ns}/pods`,
      pod('p1', { requests: { cpu: '600m' }, limits: { memory: '512Mi' } }),
    );
    expect(first.status).toBe(201);
    const over = await send(
      'POST',
      `${ns}/pods`,
      pod('p2', { requests: { cpu: '500m' }, limits: { memory: '256Mi' } }),
    );
    expect(over.status).toBe(403);
    expect(over.body.message).toBe(
      'pods "p2" is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=600m, limited: requests.cpu=1',
    );
    // The namespace's kube-root-ca.crt ConfigMap counts too.
    await send('POST', `${ns}/configmaps`, { metadata: { name: 'c1' } });
    const thirdMap = await send('POST', `${ns}/configmaps`, {
      metadata: { name: 'c2' },
    });
    expect(thirdMap.body.message).toBe(
      'configmaps "c2" is forbidden: exceeded quota: compute, requested: configmaps=1, used: configmaps=2, limited: configmaps=2',
    );
    const status = await waitFor(async () => {
      const quota = (await send('GET', `${ns}/resourcequotas/compute`)).body;
      return quota.status?.used?.pods === '1' ? quota.status : undefined;
    });
    expect(status).toEqual({
      hard: {
        'requests.cpu': '1',
        'limits.memory': '1Gi',
        pods: '2',
        configmaps: '2',
      },
      used: {
        'requests.cpu': '600m',
        'limits.memory': '512Mi',
        pods: '1',
        configmaps: '2',
      },
    });
  });

  it('charges a scoped quota only for the pods its scopes and scope selector cover', async () => {
    // pkg/quota/v1/evaluator/core/pods.go (podMatchesScopeFunc: BestEffort is
    // qos.GetPodQOS's, PriorityClass matches spec.priorityClassName by the
    // selector's operator); https://kubernetes.io/docs/concepts/policy/resource-quotas/#quota-scopes
    await send('POST', `${ns}/resourcequotas`, {
      metadata: { name: 'best-effort' },
      spec: { hard: { pods: '1' }, scopes: ['BestEffort'] },
    });
    await send('POST', `${ns}/resourcequotas`, {
      metadata: { name: 'high' },
      spec: {
        hard: { pods: '1', 'requests.cpu': '1' },
        scopeSelector: {
          matchExpressions: [
            { scopeName: 'PriorityClass', operator: 'In', values: ['high'] },
          ],
        },
      },
    });
    const withClass = (name: string, resources: unknown, className: string) => {
      const p = pod(name, resources);
      return { ...p, spec: { ...p.spec, priorityClassName: className } };
    };
    expect((await send('POST', `${ns}/pods`, pod('free1'))).status).toBe(201);
    const secondFree = await send('POST', `${ns}/pods`, pod('free2'));
    expect(secondFree.body.message).toBe(
      'pods "free2" is forbidden: exceeded quota: best-effort, requested: pods=1, used: pods=1, limited: pods=1',
    );
    // Not best-effort, no priority class: neither quota covers it, so no "must specify".
    const burstable = await send(
      'POST',
      `${ns}/pods`,
      pod('burstable', { requests: { memory: '64Mi' } }),
    );
    expect(burstable.status).toBe(201);
    const cpu = { requests: { cpu: '500m' } };
    const undeclared = await send(
      'POST',
      `${ns}/pods`,
      withClass('h0', { requests: { memory: '1Mi' } }, 'high'),
    );
    expect(undeclared.body.message).toBe(
      'pods "h0" is forbidden: failed quota: high: must specify requests.cpu',
    );
    expect(
      (await send('POST', `${ns}/pods`, withClass('h1', cpu, 'high'))).status,
    ).toBe(201);
    expect(
      (await send('POST', `${ns}/pods`, withClass('h2', cpu, 'high'))).body
        .message,
    ).toBe(
      'pods "h2" is forbidden: exceeded quota: high, requested: pods=1, used: pods=1, limited: pods=1',
    );
    expect(
      (await send('POST', `${ns}/pods`, withClass('l1', cpu, 'low'))).status,
    ).toBe(201);
    const used = await waitFor(async () => {
      const quota = (await send('GET', `${ns}/resourcequotas/high`)).body;
      return quota.status?.used?.pods === '1' ? quota.status.used : undefined;
    });
    expect(used).toEqual({ pods: '1', 'requests.cpu': '500m' });
  });

  it('reports FailedCreate on a ReplicaSet (and its Deployment) whose pods the quota refuses', async () => {
    await send('POST', `${ns}/resourcequotas`, {
      metadata: { name: 'pods' },
      spec: { hard: { pods: '1' } },
    });
    await send('POST', '/apis/apps/v1/namespaces/default/deployments', {
      metadata: { name: 'web' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'app', image: 'nginx' }] },
        },
      },
    });
    const rs = await waitFor(async () => {
      const list = (
        await send('GET', '/apis/apps/v1/namespaces/default/replicasets')
      ).body;
      const conditions = list.items[0]?.status?.conditions ?? [];
      return conditions.some((c: any) => c.type === 'ReplicaFailure')
        ? list.items[0]
        : undefined;
    });
    expect(rs.status.replicas).toBe(1);
    expect(rs.status.conditions[0]).toMatchObject({
      type: 'ReplicaFailure',
      status: 'True',
      reason: 'FailedCreate',
      message: expect.stringMatching(
        /^pods "web-[a-z0-9]+-[a-z0-9]+" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=1, limited: pods=1$/,
      ),
    });
    const events = (
      await send(
        'GET',
        `${ns}/events?fieldSelector=involvedObject.kind=ReplicaSet`,
      )
    ).body.items;
    expect(events).toEqual([
      expect.objectContaining({
        type: 'Warning',
        reason: 'FailedCreate',
        source: { component: 'replicaset-controller' },
        message: expect.stringMatching(
          /^Error creating: pods "web-.*" is forbidden: exceeded quota: pods/,
        ),
      }),
    ]);
    const deployment = await waitFor(async () => {
      const d = (
        await send('GET', '/apis/apps/v1/namespaces/default/deployments/web')
      ).body;
      return d.status?.conditions?.some((c: any) => c.type === 'ReplicaFailure')
        ? d
        : undefined;
    });
    expect(deployment.status.conditions.map((c: any) => c.reason)).toContain(
      'FailedCreate',
    );
    // Raising the quota lets the controller finish on its next try.
    await send('PUT', `${ns}/resourcequotas/pods`, {
      metadata: { name: 'pods' },
      spec: { hard: { pods: '3' } },
    });
    await waitFor(async () => {
      const list = (
        await send('GET', '/apis/apps/v1/namespaces/default/replicasets')
      ).body;
      return (
        list.items[0]?.status?.replicas === 2 &&
        !list.items[0].status.conditions
      );
    });
  });
});
