import { startKubeSim, KubeSim } from '../startKubeSim';

/**
 * Fields that cannot change after creation, with the causes a real API
 * server gives. Sources: apimachinery ValidateImmutableField ("field is
 * immutable"); apps/validation ValidateDeploymentUpdate,
 * ValidateStatefulSetUpdate; batch/validation ValidateJobSpecUpdate;
 * core/validation ValidateServiceUpdate, ValidateConfigMapUpdate,
 * ValidateSecretUpdate, ValidatePersistentVolumeClaimUpdate,
 * ValidatePodUpdate; rbac/validation ValidateRoleBindingUpdate.
 */
describe('immutable fields of built-in kinds', () => {
  let sim: KubeSim;
  const url = (path: string) => `${sim.url}${path}`;
  const send = async (
    method: string,
    path: string,
    body: unknown,
    type = 'application/json',
  ) => {
    const res = await fetch(url(path), {
      method,
      headers: { 'Content-Type': type },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const create = async (path: string, body: Record<string, any>) => {
    const res = await send('POST', path, body);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body;
  };
  const causes = (res: { body: any }) =>
    (res.body.details?.causes ?? []).map(
      (c: any) => `${c.field}: ${c.message}`,
    );
  const podTemplate = (labels: Record<string, string>) => ({
    metadata: { labels },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
  });

  beforeAll(async () => {
    sim = await startKubeSim({ port: 0, kubeletDelayMs: 10 });
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it("refuses a change of a Deployment's selector", async () => {
    const path = '/apis/apps/v1/namespaces/default/deployments';
    const created = await create(path, {
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: podTemplate({ app: 'web', v: '1' }),
      },
    });
    const res = await send('PUT', `${path}/web`, {
      ...created,
      metadata: { name: 'web' },
      spec: {
        ...created.spec,
        selector: { matchLabels: { app: 'web', v: '1' } },
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(
      /^Deployment\.apps "web" is invalid: spec\.selector: Invalid value: .*: field is immutable$/,
    );
    const scaled = await send(
      'PATCH',
      `${path}/web`,
      { spec: { replicas: 3 } },
      'application/merge-patch+json',
    );
    expect(scaled.status).toBe(200);
  });

  it("refuses a change of a Job's pod template", async () => {
    const path = '/apis/batch/v1/namespaces/default/jobs';
    await create(path, {
      metadata: { name: 'migrate' },
      spec: {
        template: {
          ...podTemplate({}),
          spec: { ...podTemplate({}).spec, restartPolicy: 'Never' },
        },
      },
    });
    const res = await send(
      'PATCH',
      `${path}/migrate`,
      {
        spec: {
          template: {
            spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] },
          },
        },
      },
      'application/strategic-merge-patch+json',
    );
    expect(res.status).toBe(422);
    expect(causes(res)).toEqual([
      expect.stringMatching(
        /^spec\.template: Invalid value: .*: field is immutable$/,
      ),
    ]);
  });

  it("keeps a Service's clusterIP when an update leaves it out and refuses a change", async () => {
    const path = '/api/v1/namespaces/default/services';
    const created = await create(path, {
      metadata: { name: 'api' },
      spec: { ports: [{ port: 80 }] },
    });
    const kept = await send('PUT', `${path}/api`, {
      metadata: { name: 'api' },
      spec: { ports: [{ port: 80 }], selector: { app: 'api' } },
    });
    expect(kept.status).toBe(200);
    expect(kept.body.spec.clusterIP).toBe(created.spec.clusterIP);
    const changed = await send(
      'PATCH',
      `${path}/api`,
      { spec: { clusterIP: '10.96.99.99' } },
      'application/merge-patch+json',
    );
    expect(changed.status).toBe(422);
    expect(causes(changed)).toContain(
      'spec.clusterIP: Invalid value: "10.96.99.99": field is immutable',
    );
  });

  it('refuses changes to ConfigMaps and Secrets marked immutable', async () => {
    await create('/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'frozen' },
      data: { a: '1' },
      immutable: true,
    });
    const res = await send(
      'PATCH',
      '/api/v1/namespaces/default/configmaps/frozen',
      { data: { a: '2' }, immutable: false },
      'application/merge-patch+json',
    );
    expect(res.status).toBe(422);
    expect(causes(res)).toEqual([
      'immutable: Forbidden: field is immutable when `immutable` is set',
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
    await create('/api/v1/namespaces/default/secrets', {
      metadata: { name: 'creds' },
      stringData: { token: 'x' },
      immutable: true,
    });
    const secret = await send(
      'PATCH',
      '/api/v1/namespaces/default/secrets/creds',
      { stringData: { token: 'y' } },
      'application/merge-patch+json',
    );
    expect(causes(secret)).toEqual([
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
    const relabelled = await send(
      'PATCH',
      '/api/v1/namespaces/default/secrets/creds',
      { metadata: { labels: { team: 'a' } } },
      'application/merge-patch+json',
    );
    expect(relabelled.status).toBe(200);
  });

  it("refuses changes to a StatefulSet's spec other than the mutable fields", async () => {
    const path = '/apis/apps/v1/namespaces/default/statefulsets';
    await create(path, {
      metadata: { name: 'db' },
      spec: {
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: podTemplate({ app: 'db' }),
      },
    });
    const res = await send(
      'PATCH',
      `${path}/db`,
      { spec: { serviceName: 'other', replicas: 2 } },
      'application/merge-patch+json',
    );
    expect(res.status).toBe(422);
    expect(causes(res)).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
    const scaled = await send(
      'PATCH',
      `${path}/db`,
      { spec: { replicas: 2 } },
      'application/merge-patch+json',
    );
    expect(scaled.status).toBe(200);
  });

  it("refuses changes to a claim's spec and to a pod's spec beyond images", async () => {
    await create('/api/v1/namespaces/default/persistentvolumeclaims', {
      metadata: { name: 'data' },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '1Gi' } },
      },
    });
    const claim = await send(
      'PATCH',
      '/api/v1/namespaces/default/persistentvolumeclaims/data',
      { spec: { accessModes: ['ReadWriteMany'] } },
      'application/merge-patch+json',
    );
    expect(causes(claim)).toEqual([
      'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
    ]);
    await create('/api/v1/namespaces/default/pods', {
      ...podTemplate({}),
      metadata: { name: 'p' },
    });
    const image = await send(
      'PATCH',
      '/api/v1/namespaces/default/pods/p',
      { spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] } },
      'application/strategic-merge-patch+json',
    );
    expect(image.status).toBe(200);
    const env = await send(
      'PATCH',
      '/api/v1/namespaces/default/pods/p',
      {
        spec: {
          containers: [{ name: 'app', env: [{ name: 'A', value: '1' }] }],
        },
      },
      'application/strategic-merge-patch+json',
    );
    expect(env.status).toBe(422);
    expect(causes(env)[0]).toMatch(
      /^spec: Forbidden: pod updates may not change fields other than/,
    );
  });
});
