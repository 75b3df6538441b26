import { mockCredentials } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import {
  eventually,
  KubeFixture,
  startKubeFixture,
} from './__testUtils__/kubeFixture';
import { ALICE, BOB } from './__testUtils__/policyPermissions';
import { startSandboxesBackend } from './__testUtils__/testBackend';

jest.setTimeout(90_000);

const alice = mockCredentials.user.header(ALICE);
const bob = mockCredentials.user.header(BOB);

/**
 * Catalog entities: a component anyone may read, and Bob's sandbox Resource,
 * each with the repository it is built from.
 */
const ENTITIES = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
  annotations:
    backstage.io/source-location: url:https://github.com/acme/payments/tree/main/
spec:
  type: service
  lifecycle: production
  owner: group:default/team-a
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: bobs-sandbox
  namespace: sandboxes
  annotations:
    backstage.io/source-location: url:https://github.com/bob/secret-project/tree/main/
spec:
  type: sandbox
  owner: ${BOB}
`;

describe('entityRef is looked up in the real catalog on the caller’s behalf', () => {
  let kube: KubeFixture;
  let backend: Awaited<ReturnType<typeof startSandboxesBackend>>;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandboxes-catalog-'));
    writeFileSync(join(dir, 'catalog-info.yaml'), ENTITIES);
    kube = await startKubeFixture();
    backend = await startSandboxesBackend({
      kubeUrl: kube.sim.url,
      // Sandbox Resources readable only by their owners, as the portal composes it.
      everyoneCanRead: false,
      portalPolicy: true,
      sandboxes: { quotas: { perUser: 100, perGroup: 1000 } },
      catalog: {
        rules: [{ allow: ['Component', 'Resource', 'Location'] }],
        locations: [{ type: 'file', target: join(dir, 'catalog-info.yaml') }],
      },
      features: [catalogPlugin],
    });
    // The catalog reads the file in the background.
    await eventually(
      async () => {
        await request(backend.server)
          .get('/api/catalog/entities/by-name/resource/sandboxes/bobs-sandbox')
          .set('Authorization', bob)
          .expect(200);
        await request(backend.server)
          .get('/api/catalog/entities/by-name/component/default/payments')
          .set('Authorization', alice)
          .expect(200);
      },
      { timeoutMs: 60_000 },
    );
  });

  afterAll(async () => {
    await backend?.stop();
    await kube?.stop();
  });

  const create = (as: string, entityRef: string) =>
    request(backend.server)
      .post('/api/sandboxes/sandboxes')
      .set('Authorization', as)
      .send({ template: 'payments-api', entityRef });

  const countSandboxes = async () =>
    (
      await request(backend.server)
        .get('/api/sandboxes/sandboxes')
        .set('Authorization', mockCredentials.user.header('user:default/root'))
        .expect(200)
    ).body.totalCount;

  it('attaches a sandbox to an entity the caller can read', async () => {
    const created = await create(alice, 'component:default/payments');
    expect(created.status).toBe(201);
    expect(created.body.entityRef).toBe('component:default/payments');
  });

  it('refuses an entity that does not exist, naming entityRef, and creates nothing', async () => {
    const before = await countSandboxes();
    const res = await create(alice, 'component:default/no-such-thing');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      "entityRef: no catalog entity 'component:default/no-such-thing' that you can read",
    );
    expect(await countSandboxes()).toBe(before);
  });

  it('refuses an entity the caller may not read exactly as one that does not exist', async () => {
    const before = await countSandboxes();
    const hidden = await create(alice, 'resource:sandboxes/bobs-sandbox');
    expect(hidden.status).toBe(400);
    expect(hidden.body.error.message).toBe(
      "entityRef: no catalog entity 'resource:sandboxes/bobs-sandbox' that you can read",
    );
    expect(await countSandboxes()).toBe(before);
    // Its owner may read it, so may attach to it.
    expect((await create(bob, 'resource:sandboxes/bobs-sandbox')).status).toBe(
      201,
    );
  });

  it('follows the repository of an entity the caller can read, and reveals nothing of one they cannot', async () => {
    const created = await create(alice, 'component:default/payments');
    expect(created.status).toBe(201);
    const change = (follow: object) =>
      request(backend.server)
        .patch(`/api/sandboxes/sandboxes/${created.body.name}`)
        .set('Authorization', alice)
        .send({ follow });

    const hidden = await change({
      entityRef: 'resource:sandboxes/bobs-sandbox',
      branch: 'main',
    });
    expect(hidden.status).toBe(400);
    expect(hidden.body.error.message).toBe(
      "follow.entityRef: no catalog entity 'resource:sandboxes/bobs-sandbox' that you can read",
    );
    expect(JSON.stringify(hidden.body)).not.toContain('secret-project');

    const followed = await change({
      entityRef: 'component:default/payments',
      branch: 'main',
    });
    expect(followed.status).toBe(200);
    expect(followed.body.follow).toEqual({
      repository: 'https://github.com/acme/payments',
      branch: 'main',
    });
  });

  it('hides a sandbox Resource in the catalog from a reader who may not read the sandbox', async () => {
    const path =
      '/api/catalog/entities/by-name/resource/sandboxes/bobs-sandbox';
    await request(backend.server)
      .get(path)
      .set('Authorization', bob)
      .expect(200);
    await request(backend.server)
      .get(path)
      .set('Authorization', alice)
      .expect(404);
    const listed = await request(backend.server)
      .get('/api/catalog/entities?filter=kind=resource')
      .set('Authorization', alice)
      .expect(200);
    expect(listed.body).toEqual([]);
    // Entities outside the sandboxes' namespace stay readable.
    await request(backend.server)
      .get('/api/catalog/entities/by-name/component/default/payments')
      .set('Authorization', bob)
      .expect(200);
  });
});
