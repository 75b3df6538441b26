import {
  CoreV1Event,
  EventsV1Api,
  EventsV1Event,
  PatchStrategy,
  setHeaderOptions,
  Watch,
} from '@kubernetes/client-node';
import { startKubeSim, KubeSim } from '../startKubeSim';
import { failure, testClients, waitFor } from '../__testUtils__/testClients';

/** An events.k8s.io/v1 Event as a controller records it. */
function recorded(name: string, overrides: Partial<EventsV1Event> = {}) {
  return {
    metadata: { name, namespace: 'shop' },
    eventTime: new Date(),
    reportingController: 'example.dev/gadget-controller',
    reportingInstance: 'gadget-controller-0',
    action: 'Reconcile',
    reason: 'Provisioned',
    type: 'Normal',
    note: 'gadget g1 is ready',
    regarding: {
      apiVersion: 'example.dev/v1',
      kind: 'Gadget',
      name: 'g1',
      namespace: 'shop',
      uid: 'uid-g1',
    },
    ...overrides,
  } as EventsV1Event;
}

describe('Events: events.k8s.io/v1 and core/v1 are two views of one storage', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof testClients>;
  let events: EventsV1Api;

  beforeAll(async () => {
    sim = await startKubeSim({ port: 0, kubeletDelayMs: 10 });
    c = testClients(sim);
    events = c.kc.makeApiClient(EventsV1Api);
  });
  afterAll(() => sim.stop());
  beforeEach(async () => {
    sim.reset();
    await c.core.createNamespace({ body: { metadata: { name: 'shop' } } });
  });

  it('reads an events.k8s.io/v1 Event through core/v1 with the fields renamed', async () => {
    await events.createNamespacedEvent({
      namespace: 'shop',
      body: recorded('g1.1'),
    });
    const core = await c.core.readNamespacedEvent({
      namespace: 'shop',
      name: 'g1.1',
    });
    expect(core).toMatchObject({
      kind: 'Event',
      apiVersion: 'v1',
      message: 'gadget g1 is ready',
      reason: 'Provisioned',
      type: 'Normal',
      reportingComponent: 'example.dev/gadget-controller',
      reportingInstance: 'gadget-controller-0',
      involvedObject: { kind: 'Gadget', name: 'g1', uid: 'uid-g1' },
    });
    expect((core as unknown as Record<string, unknown>).note).toBeUndefined();
  });

  it('reads a core/v1 Event through events.k8s.io/v1 with the deprecated fields', async () => {
    await c.core.createNamespacedEvent({
      namespace: 'shop',
      body: {
        metadata: { name: 'web.1' },
        involvedObject: { kind: 'Pod', name: 'web-0', namespace: 'shop' },
        reason: 'Pulled',
        message: 'image pulled',
        type: 'Normal',
        count: 3,
        source: { component: 'kubelet' },
        firstTimestamp: new Date('2026-11-24T00:00:00Z'),
        lastTimestamp: new Date('2026-11-24T00:05:00Z'),
      } as CoreV1Event,
    });
    const v1 = await events.readNamespacedEvent({
      namespace: 'shop',
      name: 'web.1',
    });
    expect(v1).toMatchObject({
      apiVersion: 'events.k8s.io/v1',
      note: 'image pulled',
      regarding: { kind: 'Pod', name: 'web-0' },
      deprecatedCount: 3,
      deprecatedSource: { component: 'kubelet' },
    });
    expect(v1.deprecatedLastTimestamp?.toISOString()).toBe(
      '2026-11-24T00:05:00.000Z',
    );
    // The `source` field label selects on the reporting component's name.
    const fromKubelet = await c.core.listNamespacedEvent({
      namespace: 'shop',
      fieldSelector: 'source=kubelet',
    });
    expect(fromKubelet.items.map(e => e.metadata?.name)).toEqual(['web.1']);
  });

  it('selects by the served version’s field names and lists both ways', async () => {
    await events.createNamespacedEvent({
      namespace: 'shop',
      body: recorded('g1.1'),
    });
    await events.createNamespacedEvent({
      namespace: 'shop',
      body: recorded('g2.1', {
        regarding: { kind: 'Gadget', name: 'g2', namespace: 'shop' },
      }),
    });
    const core = await c.core.listEventForAllNamespaces({
      fieldSelector: 'involvedObject.name=g1,involvedObject.kind=Gadget',
    });
    expect(core.items.map(e => e.metadata?.name)).toEqual(['g1.1']);
    const v1 = await events.listNamespacedEvent({
      namespace: 'shop',
      fieldSelector: 'regarding.name=g2',
    });
    expect(v1.items.map(e => e.metadata?.name)).toEqual(['g2.1']);
    const unsupported = await failure(
      events.listNamespacedEvent({
        namespace: 'shop',
        fieldSelector: 'involvedObject.name=g1',
      }),
    );
    expect(unsupported.code).toBe(400);
  });

  it('patches through events.k8s.io/v1 and a core/v1 watch sees the change', async () => {
    await events.createNamespacedEvent({
      namespace: 'shop',
      body: recorded('g1.1'),
    });
    const seen: Array<{ type: string; message?: string }> = [];
    const watch = await new Watch(c.kc).watch(
      '/api/v1/namespaces/shop/events',
      {},
      (type, object: CoreV1Event) =>
        seen.push({ type, message: object.message }),
      () => {},
    );
    try {
      await events.patchNamespacedEvent(
        {
          namespace: 'shop',
          name: 'g1.1',
          body: { note: 'gadget g1 is ready again' },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      await waitFor(
        () => seen.some(e => e.message === 'gadget g1 is ready again'),
        5_000,
      );
    } finally {
      watch.abort();
    }
    expect(seen[0]).toEqual({ type: 'ADDED', message: 'gadget g1 is ready' });
    expect(seen).toContainEqual({
      type: 'MODIFIED',
      message: 'gadget g1 is ready again',
    });
  });

  it('rejects an events.k8s.io/v1 create without the reporting fields, naming them', async () => {
    const rejected = await failure(
      events.createNamespacedEvent({
        namespace: 'shop',
        body: recorded('bad.1', {
          reportingController: undefined,
          action: undefined,
          type: 'Info',
        }),
      }),
    );
    expect(rejected.code).toBe(422);
    expect(rejected.status.reason).toBe('Invalid');
    expect(
      rejected.status.details.causes.map(
        (cause: { field: string }) => cause.field,
      ),
    ).toEqual(['reportingController', 'action', 'type']);
    const core = await c.core.listNamespacedEvent({ namespace: 'shop' });
    expect(core.items).toEqual([]);
  });

  it('keeps an event about a cluster-scoped object in "default" or "kube-system"', async () => {
    const clusterScoped = { kind: 'Node', name: 'node-1' };
    const rejected = await failure(
      events.createNamespacedEvent({
        namespace: 'shop',
        body: recorded('node.1', { regarding: clusterScoped }),
      }),
    );
    expect(rejected.code).toBe(422);
    expect(rejected.status.details.causes[0].field).toBe('regarding.namespace');
    await events.createNamespacedEvent({
      namespace: 'default',
      body: recorded('node.1', {
        metadata: { name: 'node.1', namespace: 'default' },
        regarding: clusterScoped,
      }),
    });
  });

  it('refuses a body whose apiVersion belongs to the other view', async () => {
    const res = await fetch(
      `${sim.url}/apis/events.k8s.io/v1/namespaces/shop/events`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...recorded('x.1'), apiVersion: 'v1' }),
      },
    );
    expect(res.status).toBe(400);
    expect((await res.json()).message).toContain(
      'does not match the expected API version (events.k8s.io/v1)',
    );
  });
});
