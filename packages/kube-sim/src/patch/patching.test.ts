import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { startKubeSim, KubeSim } from '../startKubeSim';
import {
  createCrd,
  failure,
  SANDBOX_CRD,
  testClients,
} from '../__testUtils__/testClients';

const as = (type: string) => setHeaderOptions('Content-Type', type);

describe('PATCH content types and server-side apply through @kubernetes/client-node', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof testClients>;

  beforeAll(async () => {
    sim = await startKubeSim({ port: 0, kubeletDelayMs: 10 });
    c = testClients(sim);
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  const configMap = (data: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cfg', namespace: 'default' },
    data,
  });
  const apply = (body: object, manager: string, force = false) =>
    c.objects.patch(
      body as any,
      undefined,
      undefined,
      manager,
      force,
      PatchStrategy.ServerSideApply,
    );

  it('merge patch sets and (with null) removes fields', async () => {
    await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'm' }, data: { a: '1', b: '2' } },
    });
    const patched = await c.core.patchNamespacedConfigMap(
      { namespace: 'default', name: 'm', body: { data: { a: null, c: '3' } } },
      as(PatchStrategy.MergePatch),
    );
    expect(patched.data).toEqual({ b: '2', c: '3' });
  });

  it('JSON patch applies operations and answers 422 when a test operation fails', async () => {
    await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'j' }, data: { a: '1' } },
    });
    const ok = await c.core.patchNamespacedConfigMap(
      {
        namespace: 'default',
        name: 'j',
        body: [
          { op: 'test', path: '/data/a', value: '1' },
          { op: 'replace', path: '/data/a', value: '2' },
        ],
      },
      as(PatchStrategy.JsonPatch),
    );
    expect(ok.data).toEqual({ a: '2' });
    const failed = await failure(
      c.core.patchNamespacedConfigMap(
        {
          namespace: 'default',
          name: 'j',
          body: [{ op: 'test', path: '/data/a', value: 'nope' }],
        },
        as(PatchStrategy.JsonPatch),
      ),
    );
    expect(failed.code).toBe(422);
    expect(failed.status.reason).toBe('Invalid');
    expect(failed.status.details.causes[0].message).toBe(
      'testing value /data/a failed',
    );
  });

  it('strategic merge patch merges containers, env, ports and volumes by their keys', async () => {
    await c.apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'smp' },
        spec: {
          selector: { matchLabels: { app: 's' } },
          template: {
            metadata: { labels: { app: 's' } },
            spec: {
              containers: [
                {
                  name: 'app',
                  image: 'app:1',
                  env: [{ name: 'A', value: '1' }],
                  ports: [{ containerPort: 80 }],
                },
                { name: 'sidecar', image: 'side:1' },
              ],
              volumes: [{ name: 'v1', emptyDir: {} }],
            },
          },
        },
      },
    });
    const patched = await c.apps.patchNamespacedDeployment(
      {
        namespace: 'default',
        name: 'smp',
        body: {
          spec: {
            template: {
              spec: {
                containers: [
                  {
                    name: 'app',
                    env: [{ name: 'B', value: '2' }],
                    ports: [{ containerPort: 443 }],
                  },
                  { name: 'sidecar', $patch: 'delete' },
                ],
                volumes: [{ name: 'v2', emptyDir: {} }],
              },
            },
          },
        },
      },
      as(PatchStrategy.StrategicMergePatch),
    );
    const spec = patched.spec!.template.spec!;
    expect(spec.containers.map(x => x.name)).toEqual(['app']);
    expect(spec.containers[0].image).toBe('app:1');
    expect(spec.containers[0].env!.map(e => e.name)).toEqual(['A', 'B']);
    expect(spec.containers[0].ports!.map(p => p.containerPort)).toEqual([
      80, 443,
    ]);
    expect(spec.volumes!.map(v => v.name)).toEqual(['v1', 'v2']);
  });

  it('server-side apply creates the object and records the manager in managedFields', async () => {
    const created = await apply(configMap({ a: '1' }), 'operator');
    expect(created.metadata!.managedFields).toEqual([
      expect.objectContaining({
        manager: 'operator',
        operation: 'Apply',
        apiVersion: 'v1',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { 'f:a': {} } },
      }),
    ]);
  });

  it('server-side apply answers 409 naming the manager that owns a field with another value, unless forced', async () => {
    await apply(configMap({ a: '1', b: '2' }), 'operator');
    await apply(configMap({ b: '2' }), 'other');
    const conflict = await failure(apply(configMap({ a: 'changed' }), 'other'));
    expect(conflict.code).toBe(409);
    expect(conflict.status).toMatchObject({
      reason: 'Conflict',
      message:
        'Apply failed with 1 conflict: conflict with "operator" using v1: .data.a',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "operator" using v1',
            field: '.data.a',
          },
        ],
      },
    });
    const forced = await apply(configMap({ a: 'changed' }), 'other', true);
    expect(forced.data).toEqual({ a: 'changed', b: '2' });
    const owners = Object.fromEntries(
      forced.metadata!.managedFields!.map(
        (m: { manager: string; fieldsV1: unknown }) => [m.manager, m.fieldsV1],
      ),
    );
    expect(owners.operator).toEqual({ 'f:data': { 'f:b': {} } });
    // "other" now applies only data.a; data.b stays because "operator" still owns it.
    expect(owners.other).toEqual({ 'f:data': { 'f:a': {} } });
  });

  it('server-side apply removes fields the manager stops applying, and conflicts with Update managers', async () => {
    await apply(configMap({ a: '1', b: '2' }), 'operator');
    const pruned = await apply(configMap({ a: '1' }), 'operator');
    expect(pruned.data).toEqual({ a: '1' });
    await c.core.patchNamespacedConfigMap(
      {
        namespace: 'default',
        name: 'cfg',
        fieldManager: 'kubectl-edit',
        body: { data: { a: 'edited' } },
      },
      as(PatchStrategy.MergePatch),
    );
    const conflict = await failure(apply(configMap({ a: '1' }), 'operator'));
    expect(conflict.status.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: .data.a',
    );
  });

  it('server-side apply to the status subresource changes only status', async () => {
    await createCrd(sim, SANDBOX_CRD);
    const ref = {
      group: 'example.dev',
      version: 'v1',
      namespace: 'default',
      plural: 'widgets',
    };
    await apply(
      {
        apiVersion: 'example.dev/v1',
        kind: 'Widget',
        metadata: { name: 'w', namespace: 'default' },
        spec: { image: 'a' },
      },
      'operator',
    );
    const withStatus: any = await c.custom.patchNamespacedCustomObjectStatus(
      {
        ...ref,
        name: 'w',
        fieldManager: 'operator',
        force: true,
        body: {
          apiVersion: 'example.dev/v1',
          kind: 'Widget',
          metadata: { name: 'w' },
          spec: { image: 'ignored' },
          status: { phase: 'Ready' },
        },
      },
      as(PatchStrategy.ServerSideApply),
    );
    expect(withStatus.status).toEqual({ phase: 'Ready' });
    expect(withStatus.spec.image).toBe('a');
    expect(withStatus.metadata.generation).toBe(1);
    expect(withStatus.metadata.managedFields).toContainEqual(
      expect.objectContaining({
        manager: 'operator',
        operation: 'Apply',
        subresource: 'status',
      }),
    );
  });

  it('server-side apply without a fieldManager is a 400', async () => {
    const res = await fetch(
      `${sim.url}/api/v1/namespaces/default/configmaps/x`,
      {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/apply-patch+yaml' },
        body: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
      },
    );
    expect(res.status).toBe(400);
  });

  it('answers 415 for an unknown patch content type', async () => {
    await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'u' } },
    });
    const res = await fetch(
      `${sim.url}/api/v1/namespaces/default/configmaps/u`,
      {
        method: 'PATCH',
        headers: { 'Content-Type': 'text/plain' },
        body: '{}',
      },
    );
    expect(res.status).toBe(415);
  });
});
