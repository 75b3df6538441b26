import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { startKubeSim, KubeSim } from '../startKubeSim';
import { failure, testClients, waitFor } from '../__testUtils__/testClients';

describe('core API semantics through @kubernetes/client-node', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof testClients>;

  beforeAll(async () => {
    sim = await startKubeSim({ port: 0, kubeletDelayMs: 10 });
    c = testClients(sim);
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it('serves discovery for core, named groups and version', async () => {
    const version = await fetch(`${sim.url}/version`).then(r => r.json());
    expect(version.gitVersion).toMatch(/^v1\.32/);
    const core = await fetch(`${sim.url}/api/v1`).then(r => r.json());
    expect(core.resources.map((r: { name: string }) => r.name)).toEqual(
      expect.arrayContaining([
        'namespaces',
        'configmaps',
        'pods',
        'pods/log',
        'pods/status',
        'namespaces/finalize',
      ]),
    );
    const groups = await fetch(`${sim.url}/apis`).then(r => r.json());
    expect(groups.groups.map((g: { name: string }) => g.name)).toEqual(
      expect.arrayContaining([
        'apps',
        'batch',
        'networking.k8s.io',
        'coordination.k8s.io',
        'events.k8s.io',
        'rbac.authorization.k8s.io',
        'apiextensions.k8s.io',
      ]),
    );
    const apps = await fetch(`${sim.url}/apis/apps/v1`).then(r => r.json());
    expect(apps.resources).toContainEqual(
      expect.objectContaining({
        name: 'deployments/scale',
        kind: 'Scale',
        group: 'autoscaling',
      }),
    );
  });

  it('creates, reads, updates and deletes with real Status errors', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'crud' } } });
    const created = await c.core.createNamespacedConfigMap({
      namespace: 'crud',
      body: { metadata: { name: 'cm' }, data: { a: '1' } },
    });
    expect(created.metadata?.uid).toBeDefined();
    expect(created.metadata?.creationTimestamp).toBeDefined();

    const dup = await failure(
      c.core.createNamespacedConfigMap({
        namespace: 'crud',
        body: { metadata: { name: 'cm' } },
      }),
    );
    expect(dup.code).toBe(409);
    expect(dup.status).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'AlreadyExists',
      code: 409,
      message: 'configmaps "cm" already exists',
      details: { name: 'cm', kind: 'configmaps' },
    });

    const missing = await failure(
      c.core.readNamespacedConfigMap({ namespace: 'crud', name: 'nope' }),
    );
    expect(missing.status).toMatchObject({
      reason: 'NotFound',
      code: 404,
      message: 'configmaps "nope" not found',
    });

    const badName = await failure(
      c.core.createNamespacedConfigMap({
        namespace: 'crud',
        body: { metadata: { name: 'Bad_Name' } },
      }),
    );
    expect(badName.status).toMatchObject({
      reason: 'Invalid',
      code: 422,
      details: {
        causes: [expect.objectContaining({ field: 'metadata.name' })],
      },
    });

    const updated = await c.core.replaceNamespacedConfigMap({
      namespace: 'crud',
      name: 'cm',
      body: { ...created, data: { a: '2' } },
    });
    expect(Number(updated.metadata!.resourceVersion)).toBeGreaterThan(
      Number(created.metadata!.resourceVersion),
    );

    const stale = await failure(
      c.core.replaceNamespacedConfigMap({
        namespace: 'crud',
        name: 'cm',
        body: { ...created, data: { a: '3' } },
      }),
    );
    expect(stale.status).toMatchObject({
      reason: 'Conflict',
      code: 409,
      message:
        'Operation cannot be fulfilled on configmaps "cm": the object has been modified; please apply your changes to the latest version and try again',
    });

    await c.core.deleteNamespacedConfigMap({ namespace: 'crud', name: 'cm' });
    expect(
      (
        await failure(
          c.core.readNamespacedConfigMap({ namespace: 'crud', name: 'cm' }),
        )
      ).code,
    ).toBe(404);
  });

  it('writes that change nothing keep the resourceVersion', async () => {
    const cm = await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'same' }, data: { a: '1' } },
    });
    const again = await c.core.replaceNamespacedConfigMap({
      namespace: 'default',
      name: 'same',
      body: cm,
    });
    expect(again.metadata!.resourceVersion).toBe(cm.metadata!.resourceVersion);
  });

  it('keeps one increasing resourceVersion across kinds and lists', async () => {
    const a = await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'a' } },
    });
    const b = await c.core.createNamespacedSecret({
      namespace: 'default',
      body: { metadata: { name: 'b' }, stringData: { k: 'v' } },
    });
    expect(Number(b.metadata!.resourceVersion)).toBeGreaterThan(
      Number(a.metadata!.resourceVersion),
    );
    expect(b.data).toEqual({ k: Buffer.from('v').toString('base64') });
    const list = await c.core.listNamespacedConfigMap({ namespace: 'default' });
    expect(Number(list.metadata!.resourceVersion)).toBeGreaterThanOrEqual(
      Number(b.metadata!.resourceVersion),
    );
  });

  it('sends built-in list items without kind and apiVersion, as a real server does', async () => {
    await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'raw' } },
    });
    const raw = await fetch(
      `${sim.url}/api/v1/namespaces/default/configmaps`,
    ).then(r => r.json());
    expect(raw.kind).toBe('ConfigMapList');
    expect(raw.items[0].kind).toBeUndefined();
    expect(raw.items[0].apiVersion).toBeUndefined();
  });

  it('filters lists by label and field selectors and pages with limit/continue', async () => {
    for (let i = 0; i < 5; i++) {
      await c.core.createNamespacedConfigMap({
        namespace: 'default',
        body: {
          metadata: {
            name: `cm-${i}`,
            labels: { parity: i % 2 ? 'odd' : 'even', idx: String(i) },
          },
        },
      });
    }
    const even = await c.core.listNamespacedConfigMap({
      namespace: 'default',
      labelSelector: 'parity=even',
    });
    expect(even.items.map(i => i.metadata!.name)).toEqual([
      'cm-0',
      'cm-2',
      'cm-4',
    ]);
    const set = await c.core.listNamespacedConfigMap({
      namespace: 'default',
      labelSelector: 'idx in (1,3),parity!=even',
    });
    expect(set.items.map(i => i.metadata!.name)).toEqual(['cm-1', 'cm-3']);
    const byName = await c.core.listConfigMapForAllNamespaces({
      fieldSelector: 'metadata.name=cm-3',
    });
    expect(byName.items.map(i => i.metadata!.name)).toEqual(['cm-3']);
    const badField = await failure(
      c.core.listNamespacedConfigMap({
        namespace: 'default',
        fieldSelector: 'spec.nope=x',
      }),
    );
    expect(badField.code).toBe(400);

    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await c.core.listNamespacedConfigMap({
        namespace: 'default',
        labelSelector: 'idx',
        limit: 2,
        _continue: token,
      });
      names.push(...page.items.map(i => i.metadata!.name!));
      token = page.metadata!._continue;
    } while (token);
    expect(names).toEqual(['cm-0', 'cm-1', 'cm-2', 'cm-3', 'cm-4']);
  });

  it('bumps generation on spec changes only', async () => {
    const body = {
      metadata: { name: 'gen' },
      spec: {
        selector: { matchLabels: { app: 'g' } },
        template: {
          metadata: { labels: { app: 'g' } },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        },
      },
    };
    const d = await c.apps.createNamespacedDeployment({
      namespace: 'default',
      body,
    });
    expect(d.metadata!.generation).toBe(1);
    const labelled = await c.apps.patchNamespacedDeployment(
      {
        namespace: 'default',
        name: 'gen',
        body: { metadata: { labels: { x: 'y' } } },
      },
      mergePatch(),
    );
    expect(labelled.metadata!.generation).toBe(1);
    const scaled = await c.apps.patchNamespacedDeployment(
      { namespace: 'default', name: 'gen', body: { spec: { replicas: 3 } } },
      mergePatch(),
    );
    expect(scaled.metadata!.generation).toBe(2);
    await waitFor(
      async () =>
        (
          await c.apps.readNamespacedDeployment({
            namespace: 'default',
            name: 'gen',
          })
        ).status?.observedGeneration === 2,
    );
    const afterStatus = await c.apps.readNamespacedDeployment({
      namespace: 'default',
      name: 'gen',
    });
    expect(afterStatus.metadata!.generation).toBe(2);
  });

  it('forbids creates in a terminating namespace and removes the namespace after its contents', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'doomed' } } });
    await c.core.createNamespacedConfigMap({
      namespace: 'doomed',
      body: { metadata: { name: 'held', finalizers: ['example.dev/hold'] } },
    });
    await c.core.deleteNamespace({ name: 'doomed' });
    const ns = await c.core.readNamespace({ name: 'doomed' });
    expect(ns.status!.phase).toBe('Terminating');
    expect(ns.metadata!.deletionTimestamp).toBeDefined();

    const refused = await failure(
      c.core.createNamespacedConfigMap({
        namespace: 'doomed',
        body: { metadata: { name: 'late' } },
      }),
    );
    expect(refused.status).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message:
        'configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated',
      details: {
        name: 'late',
        kind: 'configmaps',
        causes: [
          { reason: 'NamespaceTerminating', field: 'metadata.namespace' },
        ],
      },
    });

    const held = await waitFor(async () => {
      const cm = await c.core.readNamespacedConfigMap({
        namespace: 'doomed',
        name: 'held',
      });
      return cm.metadata!.deletionTimestamp ? cm : undefined;
    });
    expect((await c.core.readNamespace({ name: 'doomed' })).status!.phase).toBe(
      'Terminating',
    );
    await c.core.patchNamespacedConfigMap(
      {
        namespace: 'doomed',
        name: 'held',
        body: [{ op: 'remove', path: '/metadata/finalizers' }],
      },
      jsonPatch(),
    );
    expect(held.metadata!.name).toBe('held');
    await waitFor(
      async () =>
        (await failure(c.core.readNamespace({ name: 'doomed' }))).code === 404,
    );
  });

  it('keeps objects with finalizers until the finalizers are removed', async () => {
    await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'fin', finalizers: ['example.dev/cleanup'] } },
    });
    await c.core.deleteNamespacedConfigMap({
      namespace: 'default',
      name: 'fin',
    });
    const terminating = await c.core.readNamespacedConfigMap({
      namespace: 'default',
      name: 'fin',
    });
    expect(terminating.metadata!.deletionTimestamp).toBeDefined();
    const addFinalizer = await failure(
      c.core.patchNamespacedConfigMap(
        {
          namespace: 'default',
          name: 'fin',
          body: {
            metadata: {
              finalizers: ['example.dev/cleanup', 'example.dev/more'],
            },
          },
        },
        mergePatch(),
      ),
    );
    expect(addFinalizer.status.reason).toBe('Invalid');
    await c.core.patchNamespacedConfigMap(
      {
        namespace: 'default',
        name: 'fin',
        body: { metadata: { finalizers: null } },
      },
      mergePatch(),
    );
    expect(
      (
        await failure(
          c.core.readNamespacedConfigMap({ namespace: 'default', name: 'fin' }),
        )
      ).code,
    ).toBe(404);
  });
});

function jsonPatch() {
  return setHeaderOptions('Content-Type', PatchStrategy.JsonPatch);
}

function mergePatch() {
  return setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
}
