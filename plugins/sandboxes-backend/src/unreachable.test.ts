import { mockCredentials } from '@backstage/backend-test-utils';
import { KubeSim, startKubeSim } from '@sandboxkit/kube-sim';
import { installCrds } from '@sandboxkit/sandbox-operator';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { eventually } from './__testUtils__/kubeFixture';
import { ALICE } from './__testUtils__/policyPermissions';
import { startSandboxesBackend } from './__testUtils__/testBackend';

jest.setTimeout(60_000);

describe('when the cluster cannot be reached', () => {
  const alice = mockCredentials.user.header(ALICE);
  const statePath = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'sandboxes-')),
    'state.json',
  );
  let sim: KubeSim;
  let backend: Awaited<ReturnType<typeof startSandboxesBackend>>;

  beforeAll(async () => {
    sim = await startKubeSim({ port: 0, statePath });
    await installCrds(sim.kubeConfig());
    backend = await startSandboxesBackend({ kubeUrl: sim.url });
  });

  afterAll(async () => {
    await backend?.stop();
    await sim?.stop();
  });

  it('serves the list stale, refuses writes with 503, and loses nothing once it is back', async () => {
    const created = await request(backend.server)
      .post('/api/sandboxes/sandboxes')
      .set('Authorization', alice)
      .send({ template: 'payments-api', displayName: 'Keep me' })
      .expect(201);
    const name = created.body.name;
    await eventually(async () => {
      await request(backend.server)
        .get('/api/sandboxes/health')
        .set('Authorization', alice)
        .expect(200);
    });

    const port = sim.port;
    await sim.stop();

    const health = await eventually(async () => {
      const res = await request(backend.server)
        .get('/api/sandboxes/health')
        .set('Authorization', alice);
      expect(res.status).toBe(503);
      return res.body;
    });
    expect(health.clusters[0]).toMatchObject({
      name: 'local',
      reachable: false,
    });

    const list = await request(backend.server)
      .get('/api/sandboxes/sandboxes')
      .set('Authorization', alice)
      .expect(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      name,
      displayName: 'Keep me',
      stale: true,
    });

    const suspend = await request(backend.server)
      .post(`/api/sandboxes/sandboxes/${name}/suspend`)
      .set('Authorization', alice)
      .send({});
    expect(suspend.status).toBe(503);
    expect(suspend.body.error.message).toMatch(
      /Cluster 'local' cannot be reached.*Nothing was changed/,
    );

    const create = await request(backend.server)
      .post('/api/sandboxes/sandboxes')
      .set('Authorization', alice)
      .send({ template: 'payments-api' });
    // Templates are cached briefly, so the refusal comes from the create or the lookup.
    expect(create.status).toBe(503);
    expect(create.body.error.message).toMatch(
      /cannot be reached|could not look up/,
    );

    await request(backend.server)
      .delete(`/api/sandboxes/sandboxes/${name}`)
      .set('Authorization', alice)
      .expect(503);

    sim = await startKubeSim({ port, statePath });

    await eventually(async () => {
      const res = await request(backend.server)
        .get('/api/sandboxes/sandboxes')
        .set('Authorization', alice);
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0]).toMatchObject({
        name,
        displayName: 'Keep me',
        stale: false,
        suspended: false,
      });
    });
    // Writes work again, and the refused create left nothing behind.
    const inCluster = await (
      await fetch(`${sim.url}/apis/sandboxkit.dev/v1alpha1/sandboxes`)
    ).json();
    expect(inCluster.items).toHaveLength(1);
    const again = await request(backend.server)
      .post(`/api/sandboxes/sandboxes/${name}/suspend`)
      .set('Authorization', alice)
      .send({ reason: 'back again' })
      .expect(200);
    expect(again.body.suspended).toBe(true);
  });
});
