/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "fc.assert", "request.**.expect"] }] */
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { KubeFixture, startKubeFixture } from './__testUtils__/kubeFixture';
import { ADMIN, ALICE, BOB } from './__testUtils__/policyPermissions';
import { startSandboxesBackend } from './__testUtils__/testBackend';

jest.setTimeout(60_000);

type Caller = 'owner' | 'other user' | 'admin' | 'unauthenticated';
// Without any header the test backend assumes a default user; this header
// is how a request with no credentials looks to it.
const callers: Record<Caller, string> = {
  owner: mockCredentials.user.header(ALICE),
  'other user': mockCredentials.user.header(BOB),
  admin: mockCredentials.user.header(ADMIN),
  unauthenticated: mockCredentials.none.header(),
};

interface Endpoint {
  method: 'get' | 'post' | 'delete';
  path: (name: string) => string;
  body?: object;
  /** Expected status per caller; writes act on a sandbox the owner created. */
  expect: Record<Caller, number>;
}

const read = {
  owner: 200,
  'other user': 200,
  admin: 200,
  unauthenticated: 401,
};
const ownerOrAdmin = (ok: number) => ({
  owner: ok,
  'other user': 403,
  admin: ok,
  unauthenticated: 401,
});

const endpoints: Record<string, Endpoint> = {
  'GET /templates': { method: 'get', path: () => '/templates', expect: read },
  'GET /sandboxes': { method: 'get', path: () => '/sandboxes', expect: read },
  'POST /sandboxes': {
    method: 'post',
    path: () => '/sandboxes',
    body: { template: 'payments-api' },
    expect: { owner: 201, 'other user': 201, admin: 201, unauthenticated: 401 },
  },
  'GET /sandboxes/:name': {
    method: 'get',
    path: n => `/sandboxes/${n}`,
    expect: read,
  },
  'GET /sandboxes/:name/activity': {
    method: 'get',
    path: n => `/sandboxes/${n}/activity`,
    expect: read,
  },
  'GET /sandboxes/:name/history': {
    method: 'get',
    path: n => `/sandboxes/${n}/history`,
    expect: read,
  },
  'POST /sandboxes/:name/suspend': {
    method: 'post',
    path: n => `/sandboxes/${n}/suspend`,
    body: {},
    expect: ownerOrAdmin(200),
  },
  'POST /sandboxes/:name/resume': {
    method: 'post',
    path: n => `/sandboxes/${n}/resume`,
    body: {},
    expect: ownerOrAdmin(200),
  },
  'POST /sandboxes/:name/extend': {
    method: 'post',
    path: n => `/sandboxes/${n}/extend`,
    body: { minutes: 10 },
    expect: ownerOrAdmin(200),
  },
  'POST /sandboxes/:name/reseed': {
    method: 'post',
    path: n => `/sandboxes/${n}/reseed`,
    body: {},
    expect: ownerOrAdmin(200),
  },
  'POST /sandboxes/:name/keep-awake': {
    method: 'post',
    path: n => `/sandboxes/${n}/keep-awake`,
    body: { until: new Date(Date.now() + 3_600_000).toISOString() },
    expect: ownerOrAdmin(200),
  },
  'DELETE /sandboxes/:name': {
    method: 'delete',
    path: n => `/sandboxes/${n}`,
    expect: ownerOrAdmin(204),
  },
};

describe('authorization matrix', () => {
  let kube: KubeFixture;
  let backend: Awaited<ReturnType<typeof startSandboxesBackend>>;

  beforeAll(async () => {
    kube = await startKubeFixture();
    backend = await startSandboxesBackend({
      kubeUrl: kube.sim.url,
      sandboxes: { quotas: { perUser: 100, perGroup: 1000 } },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await kube?.stop();
  });

  const cases = Object.entries(endpoints).flatMap(([label, endpoint]) =>
    (Object.keys(callers) as Caller[]).map(
      caller => [label, caller, endpoint.expect[caller], endpoint] as const,
    ),
  );

  it.each(cases)(
    '%s by %s answers %i',
    async (_label, caller, expected, endpoint) => {
      // Each case acts on a fresh sandbox of the owner, so cases cannot interfere.
      const created = await request(backend.server)
        .post('/api/sandboxes/sandboxes')
        .set('Authorization', callers.owner)
        .send({ template: 'payments-api' })
        .expect(201);
      const name = created.body.name;
      if (endpoint.path(name).endsWith('/resume')) {
        await request(backend.server)
          .post(`/api/sandboxes/sandboxes/${name}/suspend`)
          .set('Authorization', callers.owner)
          .send({})
          .expect(200);
      }
      let req = request(backend.server)[endpoint.method](
        `/api/sandboxes${endpoint.path(name)}`,
      );
      req = req.set('Authorization', callers[caller]);
      const res = endpoint.body ? await req.send(endpoint.body) : await req;
      expect(res.status).toBe(expected);
      // Every refusal carries a message.
      expect(
        expected < 400 || typeof res.body?.error?.message === 'string',
      ).toBe(true);
    },
  );

  it('changes nothing when another user is refused a write', async () => {
    const created = await request(backend.server)
      .post('/api/sandboxes/sandboxes')
      .set('Authorization', callers.owner)
      .send({ template: 'payments-api' })
      .expect(201);
    const name = created.body.name;
    const writes = Object.values(endpoints).filter(
      e => e.expect['other user'] === 403,
    );
    for (const endpoint of writes) {
      const req = request(backend.server)
        [endpoint.method](`/api/sandboxes${endpoint.path(name)}`)
        .set('Authorization', callers['other user']);
      await (endpoint.body ? req.send(endpoint.body) : req).expect(403);
    }
    const after = await request(backend.server)
      .get(`/api/sandboxes/sandboxes/${name}`)
      .set('Authorization', callers.owner)
      .expect(200);
    expect(after.body).toMatchObject({
      expiresAt: created.body.expiresAt,
      suspended: false,
      extensionsUsed: 0,
    });
    expect(after.body.keepAwakeUntil).toBeUndefined();
  });

  it('lets members of a group that owns a sandbox manage it through the IS_OWNER rule', async () => {
    const created = await request(backend.server)
      .post('/api/sandboxes/sandboxes')
      .set('Authorization', callers.owner)
      .send({ template: 'payments-api' })
      .expect(201);
    // Bob is not in Alice's group: refused. Alice's own ref is in her ownership refs: allowed.
    await request(backend.server)
      .post(`/api/sandboxes/sandboxes/${created.body.name}/extend`)
      .set('Authorization', callers['other user'])
      .send({ minutes: 5 })
      .expect(403);
    await request(backend.server)
      .post(`/api/sandboxes/sandboxes/${created.body.name}/extend`)
      .set('Authorization', callers.owner)
      .send({ minutes: 5 })
      .expect(200);
  });
});

describe('with reading limited to owners (everyoneCanRead: false)', () => {
  let kube: KubeFixture;
  let backend: Awaited<ReturnType<typeof startSandboxesBackend>>;

  beforeAll(async () => {
    kube = await startKubeFixture();
    backend = await startSandboxesBackend({
      kubeUrl: kube.sim.url,
      everyoneCanRead: false,
      sandboxes: { quotas: { perUser: 100, perGroup: 1000 } },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await kube?.stop();
  });

  it("answers every request about another user's sandbox as if it did not exist", async () => {
    const created = await request(backend.server)
      .post('/api/sandboxes/sandboxes')
      .set('Authorization', callers.owner)
      .send({ template: 'payments-api' })
      .expect(201);
    const name = created.body.name;
    const server = backend.server;
    for (const [label, endpoint] of Object.entries(endpoints)) {
      if (!endpoint.path('x').startsWith('/sandboxes/x')) continue;
      const ask = async (sandbox: string) => {
        const req = request(server)
          [endpoint.method](`/api/sandboxes${endpoint.path(sandbox)}`)
          .set('Authorization', callers['other user']);
        return endpoint.body ? req.send(endpoint.body) : req;
      };
      const hidden = await ask(name);
      const absent = await ask('no-such-sandbox');
      expect([label, hidden.status]).toEqual([label, 404]);
      expect(hidden.body.error.message).toBe(
        absent.body.error.message.replace('no-such-sandbox', name),
      );
      expect(JSON.stringify(hidden.body)).not.toContain(ALICE);
    }
    const listed = await request(backend.server)
      .get('/api/sandboxes/sandboxes')
      .set('Authorization', callers['other user'])
      .expect(200);
    expect(
      listed.body.items.map((s: { name: string }) => s.name),
    ).not.toContain(name);
    // The owner and the admins still see and manage it.
    for (const caller of ['owner', 'admin'] as const) {
      await request(backend.server)
        .get(`/api/sandboxes/sandboxes/${name}`)
        .set('Authorization', callers[caller])
        .expect(200);
    }
  });
});
