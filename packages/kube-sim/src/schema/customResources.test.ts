import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { startKubeSim, KubeSim } from '../startKubeSim';
import {
  CLUSTER_CRD,
  createCrd,
  failure,
  SANDBOX_CRD,
  testClients,
  waitFor,
} from '../__testUtils__/testClients';

const merge = () => setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const widget = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'example.dev/v1',
  kind: 'Widget',
  metadata: { name },
  spec,
});

describe('custom resources served from CRDs', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof testClients>;
  const ref = {
    group: 'example.dev',
    version: 'v1',
    namespace: 'default',
    plural: 'widgets',
  };

  beforeAll(async () => {
    sim = await startKubeSim({ port: 0, kubeletDelayMs: 10 });
    c = testClients(sim);
  });
  afterAll(() => sim.stop());
  beforeEach(async () => {
    await sim.reset();
    await createCrd(sim, SANDBOX_CRD);
  });

  it('establishes the CRD and serves its kind in discovery', async () => {
    const crd = await waitFor(async () => {
      const found = await c.crds.readCustomResourceDefinition({
        name: 'widgets.example.dev',
      });
      return found.status?.conditions?.some(
        x => x.type === 'Established' && x.status === 'True',
      )
        ? found
        : undefined;
    });
    expect(crd.status!.acceptedNames!.kind).toBe('Widget');
    const resources = await fetch(`${sim.url}/apis/example.dev/v1`).then(r =>
      r.json(),
    );
    expect(resources.resources.map((r: { name: string }) => r.name)).toEqual([
      'widgets',
      'widgets/status',
      'widgets/scale',
    ]);
  });

  it('applies schema defaults and prunes unknown fields with a warning', async () => {
    const res = await fetch(
      `${sim.url}/apis/example.dev/v1/namespaces/default/widgets`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(
          widget('w1', { image: 'nginx', bogus: true, extra: { anything: 1 } }),
        ),
      },
    );
    expect(res.status).toBe(201);
    expect(res.headers.get('warning')).toContain(
      'unknown field \\"spec.bogus\\"',
    );
    const body = await res.json();
    expect(body.spec).toEqual({
      image: 'nginx',
      size: 'small',
      extra: { anything: 1 },
    });
  });

  it('rejects unknown fields under fieldValidation=Strict', async () => {
    const res = await fetch(
      `${sim.url}/apis/example.dev/v1/namespaces/default/widgets?fieldValidation=Strict`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(widget('w1', { image: 'nginx', bogus: true })),
      },
    );
    expect(res.status).toBe(400);
    expect((await res.json()).message).toBe(
      'strict decoding error: unknown field "spec.bogus"',
    );
  });

  it('answers 422 with field-named causes for schema violations', async () => {
    const bad = await failure(
      c.custom.createNamespacedCustomObject({
        ...ref,
        body: widget('w1', {
          size: 'huge',
          replicas: 11,
          name: 'ABCDEFGHIJ',
          expiresAt: 'tomorrow',
        }),
      }),
    );
    expect(bad.code).toBe(422);
    expect(bad.status.reason).toBe('Invalid');
    expect(bad.status.message).toMatch(
      /^Widget\.example\.dev "w1" is invalid: \[/,
    );
    const fields = bad.status.details.causes.map(
      (x: { field: string }) => x.field,
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        'spec.image',
        'spec.size',
        'spec.replicas',
        'spec.name',
        'spec.expiresAt',
      ]),
    );
    expect(bad.status.details.causes).toContainEqual({
      reason: 'FieldValueRequired',
      message: 'Required value',
      field: 'spec.image',
    });
    expect(bad.status.details.causes).toContainEqual({
      reason: 'FieldValueNotSupported',
      message: 'Unsupported value: "huge": supported values: "small", "large"',
      field: 'spec.size',
    });
    const wrongType = await failure(
      c.custom.createNamespacedCustomObject({
        ...ref,
        body: widget('w2', { image: 'x', replicas: 'three' }),
      }),
    );
    expect(wrongType.status.details.causes[0]).toMatchObject({
      field: 'spec.replicas',
      message:
        'Invalid value: "three": spec.replicas in body must be of type integer: "string"',
    });
  });

  it('separates the status subresource: status writes do not bump generation, main writes ignore status', async () => {
    const created: any = await c.custom.createNamespacedCustomObject({
      ...ref,
      body: { ...widget('w1', { image: 'a' }), status: { phase: 'Ignored' } },
    });
    expect(created.status).toBeUndefined();
    expect(created.metadata.generation).toBe(1);
    const withStatus: any = await c.custom.patchNamespacedCustomObjectStatus(
      {
        ...ref,
        name: 'w1',
        body: { status: { phase: 'Ready' }, spec: { image: 'ignored' } },
      },
      merge(),
    );
    expect(withStatus.status.phase).toBe('Ready');
    expect(withStatus.spec.image).toBe('a');
    expect(withStatus.metadata.generation).toBe(1);
    const specChange: any = await c.custom.patchNamespacedCustomObject(
      {
        ...ref,
        name: 'w1',
        body: { spec: { image: 'b' }, status: { phase: 'Hacked' } },
      },
      merge(),
    );
    expect(specChange.metadata.generation).toBe(2);
    expect(specChange.status.phase).toBe('Ready');
    const labelOnly: any = await c.custom.patchNamespacedCustomObject(
      { ...ref, name: 'w1', body: { metadata: { labels: { a: 'b' } } } },
      merge(),
    );
    expect(labelOnly.metadata.generation).toBe(2);
  });

  it('serves the scale subresource declared by the CRD', async () => {
    await c.custom.createNamespacedCustomObject({
      ...ref,
      body: widget('w1', { image: 'a', replicas: 1 }),
    });
    const scale: any = await c.custom.getNamespacedCustomObjectScale({
      ...ref,
      name: 'w1',
    });
    expect(scale).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 1 },
    });
    await c.custom.patchNamespacedCustomObjectScale(
      { ...ref, name: 'w1', body: { spec: { replicas: 4 } } },
      merge(),
    );
    const after: any = await c.custom.getNamespacedCustomObject({
      ...ref,
      name: 'w1',
    });
    expect(after.spec.replicas).toBe(4);
  });

  it('answers 415 to a strategic merge patch of a custom resource', async () => {
    await c.custom.createNamespacedCustomObject({
      ...ref,
      body: widget('w1', { image: 'a' }),
    });
    const res = await failure(
      c.custom.patchNamespacedCustomObject(
        { ...ref, name: 'w1', body: { spec: { image: 'b' } } },
        setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
      ),
    );
    expect(res.code).toBe(415);
    expect(res.status.reason).toBe('UnsupportedMediaType');
  });

  it('serves cluster-scoped kinds and lists custom objects with kind set', async () => {
    await createCrd(sim, CLUSTER_CRD);
    await c.custom.createClusterCustomObject({
      group: 'example.dev',
      version: 'v1',
      plural: 'tenants',
      body: {
        apiVersion: 'example.dev/v1',
        kind: 'Tenant',
        metadata: { name: 't1' },
        spec: { free: 'form' },
      },
    });
    const list: any = await c.custom.listClusterCustomObject({
      group: 'example.dev',
      version: 'v1',
      plural: 'tenants',
    });
    expect(list.kind).toBe('TenantList');
    expect(list.items[0]).toMatchObject({
      kind: 'Tenant',
      apiVersion: 'example.dev/v1',
      metadata: { name: 't1' },
      spec: { free: 'form' },
    });
  });

  it('renders printer columns as a Table for kubectl', async () => {
    await c.custom.createNamespacedCustomObject({
      ...ref,
      body: widget('w1', { image: 'a', size: 'large' }),
    });
    const table = await fetch(
      `${sim.url}/apis/example.dev/v1/namespaces/default/widgets`,
      {
        headers: {
          Accept:
            'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
        },
      },
    ).then(r => r.json());
    expect(table.kind).toBe('Table');
    expect(
      table.columnDefinitions.map((d: { name: string }) => d.name),
    ).toEqual(['Name', 'Size', 'Phase']);
    expect(table.rows[0].cells).toEqual(['w1', 'large', null]);
  });

  it('deletes the custom objects when the CRD is deleted, then stops serving the kind', async () => {
    await c.custom.createNamespacedCustomObject({
      ...ref,
      body: widget('w1', { image: 'a' }),
    });
    await waitFor(
      async () =>
        (
          await c.crds.readCustomResourceDefinition({
            name: 'widgets.example.dev',
          })
        ).metadata?.finalizers?.length,
    );
    await c.crds.deleteCustomResourceDefinition({
      name: 'widgets.example.dev',
    });
    await waitFor(
      async () =>
        (
          await failure(
            c.crds.readCustomResourceDefinition({
              name: 'widgets.example.dev',
            }),
          )
        ).code === 404,
    );
    const gone = await fetch(
      `${sim.url}/apis/example.dev/v1/namespaces/default/widgets`,
    );
    expect(gone.status).toBe(404);
  });
});
