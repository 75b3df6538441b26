import { startKubeSim, KubeSim } from '../startKubeSim';
import {
  CLUSTER_CRD,
  createCrd,
  failure,
  testClients,
  waitFor,
} from '../__testUtils__/testClients';

describe('ownerReference garbage collection', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof testClients>;

  beforeAll(async () => {
    sim = await startKubeSim({ port: 0, kubeletDelayMs: 10 });
    c = testClients(sim);
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  const owned = (
    name: string,
    owner: { metadata?: { name?: string; uid?: string } },
    kind = 'ConfigMap',
    apiVersion = 'v1',
  ) => ({
    metadata: {
      name,
      ownerReferences: [
        {
          apiVersion,
          kind,
          name: owner.metadata!.name!,
          uid: owner.metadata!.uid!,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
  });
  const gone = async (name: string) =>
    (
      await failure(
        c.core.readNamespacedConfigMap({ namespace: 'default', name }),
      )
    ).code === 404;

  it('deletes dependents of a deleted owner in the background, transitively', async () => {
    const owner = await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'owner' } },
    });
    const child = await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: owned('child', owner),
    });
    await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: owned('grandchild', child),
    });
    await c.core.deleteNamespacedConfigMap({
      namespace: 'default',
      name: 'owner',
    });
    expect(
      await waitFor(
        async () => (await gone('child')) && (await gone('grandchild')),
      ),
    ).toBe(true);
  });

  it('orphans dependents when asked to', async () => {
    const owner = await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'owner' } },
    });
    await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: owned('child', owner),
    });
    await c.core.deleteNamespacedConfigMap({
      namespace: 'default',
      name: 'owner',
      propagationPolicy: 'Orphan',
    });
    await waitFor(() => gone('owner'));
    const child = await c.core.readNamespacedConfigMap({
      namespace: 'default',
      name: 'child',
    });
    expect(child.metadata!.ownerReferences).toBeUndefined();
  });

  it('keeps a foreground-deleted owner until its dependents are gone', async () => {
    const owner = await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'owner' } },
    });
    await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: owned('child', owner),
    });
    await c.core.deleteNamespacedConfigMap({
      namespace: 'default',
      name: 'owner',
      propagationPolicy: 'Foreground',
    });
    expect(
      await waitFor(async () => (await gone('child')) && (await gone('owner'))),
    ).toBe(true);
  });

  it('keeps a dependent that still has another live owner', async () => {
    const a = await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'a' } },
    });
    const b = await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'b' } },
    });
    const refs = [a, b].map(o => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: o.metadata!.name!,
      uid: o.metadata!.uid!,
    }));
    await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'shared', ownerReferences: refs } },
    });
    await c.core.deleteNamespacedConfigMap({ namespace: 'default', name: 'a' });
    await waitFor(
      async () =>
        (
          await c.core.readNamespacedConfigMap({
            namespace: 'default',
            name: 'shared',
          })
        ).metadata!.ownerReferences!.length === 1,
    );
    const shared = await c.core.readNamespacedConfigMap({
      namespace: 'default',
      name: 'shared',
    });
    expect(shared.metadata!.ownerReferences!.map(r => r.name)).toEqual(['b']);
  });

  it('deletes a namespace owned by a cluster-scoped custom resource, with its contents', async () => {
    await createCrd(sim, CLUSTER_CRD);
    const tenant: any = await c.custom.createClusterCustomObject({
      group: 'example.dev',
      version: 'v1',
      plural: 'tenants',
      body: {
        apiVersion: 'example.dev/v1',
        kind: 'Tenant',
        metadata: { name: 'acme' },
      },
    });
    await c.core.createNamespace({
      body: owned('acme-ns', tenant, 'Tenant', 'example.dev/v1'),
    });
    await c.core.createNamespacedConfigMap({
      namespace: 'acme-ns',
      body: { metadata: { name: 'inside' } },
    });
    await c.custom.deleteClusterCustomObject({
      group: 'example.dev',
      version: 'v1',
      plural: 'tenants',
      name: 'acme',
    });
    await waitFor(
      async () =>
        (await failure(c.core.readNamespace({ name: 'acme-ns' }))).code === 404,
    );
    expect(
      (
        await failure(
          c.core.readNamespacedConfigMap({
            namespace: 'acme-ns',
            name: 'inside',
          }),
        )
      ).code,
    ).toBe(404);
  });

  it('deletes a dependent whose owner does not exist', async () => {
    await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: owned('dangling', {
        metadata: {
          name: 'ghost',
          uid: '00000000-0000-0000-0000-000000000000',
        },
      }),
    });
    expect(await waitFor(() => gone('dangling'))).toBe(true);
  });
});
