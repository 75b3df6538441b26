import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  eventually,
  KubeFixture,
  startKubeFixture,
} from './__testUtils__/kubeFixture';
import { ALICE } from './__testUtils__/policyPermissions';
import { startSandboxesBackend } from './__testUtils__/testBackend';

jest.setTimeout(60_000);

describe('sandbox lifecycle through HTTP with kube-sim and the operator', () => {
  let kube: KubeFixture;
  let backend: Awaited<ReturnType<typeof startSandboxesBackend>>;
  const alice = mockCredentials.user.header(ALICE);

  beforeAll(async () => {
    kube = await startKubeFixture({ operator: true });
    backend = await startSandboxesBackend({ kubeUrl: kube.sim.url });
  });

  afterAll(async () => {
    await backend?.stop();
    await kube?.stop();
  });

  it('creates, becomes ready, suspends, resumes, extends, reseeds and deletes, recording each step', async () => {
    const templates = await request(backend.server)
      .get('/api/sandboxes/templates')
      .set('Authorization', alice);
    expect(templates.status).toBe(200);
    expect(templates.body.items.map((t: { name: string }) => t.name)).toContain(
      'payments-api',
    );

    const created = await request(backend.server)
      .post('/api/sandboxes/sandboxes')
      .set('Authorization', alice)
      .send({
        template: 'payments-api',
        ttlMinutes: 60,
        parameters: { currency: 'USD' },
      });
    expect(created.status).toBe(201);
    const name: string = created.body.name;
    expect(name).toMatch(/^payments-api-[a-z0-9]{6}$/);
    expect(created.body.owner).toBe(ALICE);
    expect(created.body.parameters.currency).toBe('USD');

    const ready = await eventually(async () => {
      const res = await request(backend.server)
        .get(`/api/sandboxes/sandboxes/${name}`)
        .set('Authorization', alice);
      expect(res.body.phase).toBe('Ready');
      return res.body;
    });
    expect(ready.namespace).toBeTruthy();
    expect(ready.stale).toBe(false);
    expect(ready.connectCommands.length).toBeGreaterThan(0);

    const suspended = await request(backend.server)
      .post(`/api/sandboxes/sandboxes/${name}/suspend`)
      .set('Authorization', alice)
      .send({ reason: 'lunch break' });
    expect(suspended.status).toBe(200);
    expect(suspended.body.suspended).toBe(true);
    expect(suspended.body.suspendReason).toBe('lunch break');
    await eventually(async () => {
      const res = await request(backend.server)
        .get(`/api/sandboxes/sandboxes/${name}`)
        .set('Authorization', alice);
      expect(res.body.phase).toBe('Suspended');
    });

    const resumed = await request(backend.server)
      .post(`/api/sandboxes/sandboxes/${name}/resume`)
      .set('Authorization', alice)
      .send({});
    expect(resumed.body.suspended).toBe(false);
    await eventually(async () => {
      const res = await request(backend.server)
        .get(`/api/sandboxes/sandboxes/${name}`)
        .set('Authorization', alice);
      expect(res.body.phase).toBe('Ready');
    });

    const extended = await request(backend.server)
      .post(`/api/sandboxes/sandboxes/${name}/extend`)
      .set('Authorization', alice)
      .send({ minutes: 30 });
    expect(extended.status).toBe(200);
    expect(
      Date.parse(extended.body.expiresAt) - Date.parse(created.body.expiresAt),
    ).toBe(30 * 60_000);
    expect(extended.body.lifetime.extensionsLeft).toBe(0);

    const again = await request(backend.server)
      .post(`/api/sandboxes/sandboxes/${name}/extend`)
      .set('Authorization', alice)
      .send({ minutes: 30 });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/minutes: no extension left/);

    const reseeded = await request(backend.server)
      .post(`/api/sandboxes/sandboxes/${name}/reseed`)
      .set('Authorization', alice)
      .send({});
    expect(reseeded.status).toBe(200);

    // A change made on the cluster directly is recorded too, once, by 'system'.
    await fetch(
      `${kube.sim.url}/apis/sandboxkit.dev/v1alpha1/sandboxes/${name}`,
      {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/merge-patch+json' },
        body: JSON.stringify({ spec: { suspend: true } }),
      },
    );
    await eventually(async () => {
      const res = await request(backend.server)
        .get(`/api/sandboxes/sandboxes/${name}/activity`)
        .set('Authorization', alice);
      const suspends = res.body.items.filter(
        (e: { type: string }) => e.type === 'suspended',
      );
      expect(suspends.map((e: { actor: string }) => e.actor)).toEqual([
        'system',
        ALICE,
      ]);
    });

    const deleted = await request(backend.server)
      .delete(`/api/sandboxes/sandboxes/${name}`)
      .set('Authorization', alice);
    expect(deleted.status).toBe(204);
    await eventually(async () => {
      const res = await request(backend.server)
        .get(`/api/sandboxes/sandboxes/${name}`)
        .set('Authorization', alice);
      expect(res.status).toBe(404);
    });

    const activity = await request(backend.server)
      .get(`/api/sandboxes/sandboxes/${name}/activity`)
      .set('Authorization', alice);
    // The timeline outlives the sandbox.
    expect(activity.status).toBe(200);
    const types = activity.body.items
      .map((e: { type: string }) => e.type)
      .reverse();
    expect(types).toEqual(
      expect.arrayContaining([
        'created',
        'ready',
        'suspended',
        'resumed',
        'extended',
        'reseeded',
        'deleted',
      ]),
    );
    expect(types[0]).toBe('created');
    // API writes are recorded once, with who made them, not again from the watch.
    expect(types.filter((t: string) => t === 'resumed')).toHaveLength(1);
    expect(types.filter((t: string) => t === 'extended')).toHaveLength(1);
    const suspendedByAlice = activity.body.items.find(
      (e: { type: string; actor: string }) =>
        e.type === 'suspended' && e.actor === ALICE,
    );
    expect(suspendedByAlice.message).toContain('lunch break');
  });

  it('refuses names whose namespace is reserved or belongs to something else, and leaves that namespace untouched', async () => {
    const kubeApi = (path: string, init: RequestInit = {}) =>
      fetch(`${kube.sim.url}${path}`, {
        ...init,
        headers: { 'Content-Type': 'application/json' },
      });
    // The operator's own namespace as the shipped manifests install it.
    for (const ns of ['sandbox-operator-system', 'sandbox-team-tools']) {
      await kubeApi('/api/v1/namespaces', {
        method: 'POST',
        body: JSON.stringify({ metadata: { name: ns } }),
      });
      await kubeApi(`/apis/apps/v1/namespaces/${ns}/deployments`, {
        method: 'POST',
        body: JSON.stringify({
          metadata: { name: 'sandbox-operator' },
          spec: {
            replicas: 1,
            selector: { matchLabels: { app: 'operator' } },
            template: {
              metadata: { labels: { app: 'operator' } },
              spec: { containers: [{ name: 'operator', image: 'operator' }] },
            },
          },
        }),
      });
    }

    const attack = await request(backend.server)
      .post('/api/sandboxes/sandboxes')
      .set('Authorization', alice)
      .send({ template: 'payments-api', name: 'operator-system' });
    expect(attack.status).toBe(409);
    expect(attack.body.error.message).toMatch(
      /namespace 'sandbox-operator-system', which is reserved/,
    );

    const taken = await request(backend.server)
      .post('/api/sandboxes/sandboxes')
      .set('Authorization', alice)
      .send({ template: 'payments-api', name: 'team-tools' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toMatch(
      /namespace 'sandbox-team-tools' already exists and does not belong to a sandbox named 'team-tools'/,
    );

    for (const name of ['operator-system', 'team-tools']) {
      const sandbox = await kubeApi(
        `/apis/sandboxkit.dev/v1alpha1/sandboxes/${name}`,
      );
      expect(sandbox.status).toBe(404);
      const ns = await (
        await kubeApi(`/api/v1/namespaces/sandbox-${name}`)
      ).json();
      expect(ns.metadata.ownerReferences).toBeUndefined();
      expect(ns.metadata.deletionTimestamp).toBeUndefined();
      const operatorDeployment = await (
        await kubeApi(
          `/apis/apps/v1/namespaces/sandbox-${name}/deployments/sandbox-operator`,
        )
      ).json();
      expect(operatorDeployment.spec.replicas).toBe(1);
    }
  });
});
