import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  eventually,
  KubeFixture,
  startKubeFixture,
} from './__testUtils__/kubeFixture';
import { ALICE, BOB } from './__testUtils__/policyPermissions';
import { eventsAccess } from './__testUtils__/eventsAccess';
import { startSandboxesBackend } from './__testUtils__/testBackend';

jest.setTimeout(60_000);

/**
 * Changing a running sandbox (PATCH /sandboxes/{name}) and moving the
 * sandboxes that follow a branch to a reported build (POST /builds),
 * through HTTP against kube-sim: every write lands on the Sandbox resource,
 * and every refusal leaves it as it was.
 */
describe('changing sandboxes and reporting builds', () => {
  let kube: KubeFixture;
  let backend: Awaited<ReturnType<typeof startSandboxesBackend>>;
  const alice = mockCredentials.user.header(ALICE);
  const bob = mockCredentials.user.header(BOB);
  const ci = mockCredentials.service.header();
  const api = '/api/sandboxes';
  const repository = 'https://github.com/acme/payments';
  let name: string;

  const get = async () =>
    (
      await request(backend.server)
        .get(`${api}/sandboxes/${name}`)
        .set('Authorization', alice)
    ).body;
  const patch = (body: object, as = alice) =>
    request(backend.server)
      .patch(`${api}/sandboxes/${name}`)
      .set('Authorization', as)
      .send(body);
  const report = (body: object, as = ci) =>
    request(backend.server)
      .post(`${api}/builds`)
      .set('Authorization', as)
      .send(body);
  const activity = async () =>
    (
      await request(backend.server)
        .get(`${api}/sandboxes/${name}/activity`)
        .set('Authorization', alice)
    ).body.items as Array<{ type: string; actor: string; details: any }>;

  const access = eventsAccess();

  beforeAll(async () => {
    kube = await startKubeFixture();
    backend = await startSandboxesBackend({
      kubeUrl: kube.sim.url,
      sandboxes: { quotas: { perSize: { large: { perUser: 1 } } } },
      features: [access.module],
    });
    const created = await request(backend.server)
      .post(`${api}/sandboxes`)
      .set('Authorization', alice)
      .send({ template: 'payments-api', size: 'small' });
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    name = created.body.name;
  });

  afterAll(async () => {
    await backend?.stop();
    await kube?.stop();
  });

  it('changes size, display name and a mutable parameter, and records what changed from what, by whom', async () => {
    const res = await patch({
      size: 'medium',
      displayName: 'Checkout try-out',
      parameters: { logLevel: 'debug' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      size: 'medium',
      displayName: 'Checkout try-out',
      parameters: expect.objectContaining({ logLevel: 'debug' }),
    });
    const [entry] = await activity();
    expect(entry).toMatchObject({ type: 'changed', actor: ALICE });
    expect(entry.details.changes).toEqual(
      expect.arrayContaining([
        { field: 'size', from: 'small', to: 'medium' },
        { field: 'parameters.logLevel', from: 'info', to: 'debug' },
      ]),
    );
  });

  it.each([
    [
      'a parameter the template does not mark mutable',
      { parameters: { currency: 'USD' } },
      /^body\.parameters\.currency|parameters\.currency: cannot be changed on a running sandbox/,
    ],
    [
      'a value breaking the parameter rule',
      { parameters: { logLevel: 'loud' } },
      /parameters\.logLevel: must be one of debug, info, warn/,
    ],
    [
      'a size the template does not offer',
      { size: 'huge' },
      /size: must be one of small, medium, large/,
    ],
    [
      'an unknown component',
      { images: { database: 'postgres:16' } },
      /images\.database: the template has no component 'database'/,
    ],
    [
      'an invalid image reference',
      { images: { 'payments-api': 'Payments API:latest' } },
      /images\.payments-api: must be an image reference/,
    ],
    [
      'an unknown field',
      { replicas: 3 },
      /request\/body must NOT have additional properties/,
    ],
  ])('refuses %s with 400, changing nothing', async (_, body, message) => {
    const before = await get();
    const res = await patch(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(await get()).toMatchObject({
      size: before.size,
      parameters: before.parameters,
      images: before.images,
    });
  });

  it('refuses a change by someone who may not update the sandbox', async () => {
    const res = await patch({ size: 'large' }, bob);
    expect(res.status).toBe(403);
    expect((await get()).size).toBe('medium');
  });

  it('re-checks the quota when the size grows, naming what would free room', async () => {
    const other = await request(backend.server)
      .post(`${api}/sandboxes`)
      .set('Authorization', alice)
      .send({ template: 'payments-api', size: 'large' });
    expect(other.status).toBe(201);
    const res = await patch({ size: 'large' });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.body.error.message).toMatch(
      new RegExp(
        `per-user quota for size 'large'.*Make ${other.body.name} smaller, or delete it`,
      ),
    );
    expect((await get()).size).toBe('medium');
    await request(backend.server)
      .delete(`${api}/sandboxes/${other.body.name}`)
      .set('Authorization', alice);
    expect((await patch({ size: 'large' })).status).toBe(200);
    expect((await patch({ size: 'medium' })).status).toBe(200);
  });

  it('follows a branch given in any URL form, and moves to each newer build reported for it', async () => {
    const follow = await patch({
      follow: {
        repository: 'git@github.com:Acme/payments.git',
        branch: 'feature-x',
      },
    });
    expect(follow.status).toBe(200);
    expect(follow.body.follow).toEqual({ repository, branch: 'feature-x' });

    const build = {
      repository: `${repository}.git`,
      branch: 'feature-x',
      commit: 'a1b2c3d4e5f6',
      images: { 'payments-api': 'ghcr.io/acme/payments-api:a1b2c3d' },
      sequence: 7,
    };
    const res = await report(build);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ updated: [name], unchanged: [] });
    const moved = await get();
    expect(moved.images).toEqual({
      'payments-api': 'ghcr.io/acme/payments-api:a1b2c3d',
    });
    expect(moved.builds['payments-api']).toMatchObject({
      commit: 'a1b2c3d4e5f6',
      commitUrl: `${repository}/commit/a1b2c3d4e5f6`,
      branch: 'feature-x',
      sequence: 7,
      movedAt: expect.any(String),
    });
    expect((await activity())[0]).toMatchObject({
      type: 'build-deployed',
      details: {
        changes: expect.arrayContaining([
          {
            field: 'images.payments-api',
            from: null,
            to: 'ghcr.io/acme/payments-api:a1b2c3d',
          },
        ]),
      },
    });

    // An older build arriving late changes nothing.
    const late = await report({
      ...build,
      commit: '0000000aaaa',
      images: { 'payments-api': 'ghcr.io/acme/payments-api:0000000' },
      sequence: 6,
    });
    expect(late.body).toEqual({ updated: [], unchanged: [name] });
    expect((await get()).images['payments-api']).toBe(
      'ghcr.io/acme/payments-api:a1b2c3d',
    );
  });

  it.each([
    [
      'an unknown repository',
      { repository: 'https://github.com/acme/unknown' },
      404,
      /No sandbox follows a branch of https:\/\/github.com\/acme\/unknown/,
    ],
    [
      'a component the sandbox does not have',
      { images: { billing: 'ghcr.io/acme/billing:1' } },
      400,
      /images\.billing: the template has no component 'billing'/,
    ],
    [
      'an invalid image reference',
      { images: { 'payments-api': 'ghcr.io/acme/api:bad tag' } },
      400,
      /images\.payments-api: must be an image reference/,
    ],
    [
      'a commit that is not a hash',
      { commit: 'HEAD' },
      400,
      /request\/body\/commit must match pattern/,
    ],
  ])(
    'refuses a build for %s, changing nothing',
    async (_, override, status, message) => {
      const before = await get();
      const res = await report({
        repository,
        branch: 'feature-x',
        commit: 'fedcba987654',
        images: { 'payments-api': 'ghcr.io/acme/payments-api:fedcba9' },
        sequence: 99,
        ...override,
      });
      expect(res.status).toBe(status);
      expect(res.body.error.message).toMatch(message);
      expect((await get()).images).toEqual(before.images);
    },
  );

  it('refuses a build for sandboxes the caller may not update, changing none', async () => {
    const res = await report(
      {
        repository,
        branch: 'feature-x',
        commit: 'bbbbbbbbbbbb',
        images: { 'payments-api': 'ghcr.io/acme/payments-api:bbbbbbb' },
        sequence: 100,
      },
      bob,
    );
    expect(res.status).toBe(403);
    expect((await get()).images['payments-api']).toBe(
      'ghcr.io/acme/payments-api:a1b2c3d',
    );
  });

  it("a component following its own branch takes that branch's builds, not the sandbox's", async () => {
    const res = await patch({
      componentFollow: {
        'webhook-sink': {
          repository: 'https://github.com/acme/sink',
          branch: 'main',
        },
      },
    });
    expect(res.status).toBe(200);
    const sink = await report({
      repository: 'https://github.com/acme/sink',
      branch: 'main',
      commit: 'cccccccccccc',
      images: { 'webhook-sink': 'ghcr.io/acme/sink:ccccccc' },
    });
    expect(sink.body.updated).toEqual([name]);
    const ignored = await report({
      repository,
      branch: 'feature-x',
      commit: 'dddddddddddd',
      images: {
        'payments-api': 'ghcr.io/acme/payments-api:ddddddd',
        'webhook-sink': 'ghcr.io/acme/payments-sink:ddddddd',
      },
      sequence: 101,
    });
    expect(ignored.status).toBe(200);
    expect((await get()).images).toEqual({
      'payments-api': 'ghcr.io/acme/payments-api:ddddddd',
      'webhook-sink': 'ghcr.io/acme/sink:ccccccc',
    });
  });

  it('moves a sandbox that starts following a branch to its latest build at once', async () => {
    const created = await request(backend.server)
      .post(`${api}/sandboxes`)
      .set('Authorization', alice)
      .send({ template: 'payments-api' });
    const res = await request(backend.server)
      .patch(`${api}/sandboxes/${created.body.name}`)
      .set('Authorization', alice)
      .send({ follow: { repository, branch: 'feature-x' } });
    expect(res.status).toBe(200);
    expect(res.body.images['payments-api']).toBe(
      'ghcr.io/acme/payments-api:ddddddd',
    );
    expect(res.body.builds['payments-api'].commit).toBe('dddddddddddd');
  });

  it('moves following sandboxes on a GitHub package webhook delivered through the events backend', async () => {
    await access.events().publish({
      topic: 'github.registry_package',
      eventPayload: {
        action: 'published',
        repository: { html_url: 'https://github.com/acme/payments' },
        registry_package: {
          name: 'payments-api',
          package_type: 'CONTAINER',
          package_version: {
            package_url: 'ghcr.io/acme/payments-api:eeeeeee',
            target_commitish: 'feature-x',
            created_at: '2026-12-02T01:00:00Z',
            container_metadata: {
              labels: { 'org.opencontainers.image.revision': 'eeeeeeeeeeee' },
              tag: { name: 'eeeeeee' },
            },
          },
        },
      },
    });
    const moved = await eventually(async () => {
      const sandbox = await get();
      expect(sandbox.images['payments-api']).toBe(
        'ghcr.io/acme/payments-api:eeeeeee',
      );
      return sandbox;
    });
    expect(moved.builds['payments-api']).toMatchObject({
      commit: 'eeeeeeeeeeee',
      builtAt: '2026-12-02T01:00:00Z',
    });
    expect((await activity())[0]).toMatchObject({
      type: 'build-deployed',
      actor: 'github',
    });
  });
});
