/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "fc.assert", "request.**.expect"] }] */
import { mockCredentials } from '@backstage/backend-test-utils';
import fc from 'fast-check';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { KubeFixture, startKubeFixture } from './__testUtils__/kubeFixture';
import { ALICE } from './__testUtils__/policyPermissions';
import { startSandboxesBackend } from './__testUtils__/testBackend';

jest.setTimeout(180_000);

const RUNS = Number(process.env.SANDBOXES_FUZZ_RUNS ?? 1000);
const alice = mockCredentials.user.header(ALICE);
const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** JSON values that are not an object with only the allowed, well-typed keys. */
const isWellFormed = (
  body: unknown,
  allowed: Record<string, (v: unknown) => boolean>,
) =>
  typeof body === 'object' &&
  body !== null &&
  !Array.isArray(body) &&
  // Own keys only: fast-check generates "__proto__", "constructor" and the
  // like, which `in` finds on Object.prototype.
  Object.entries(body).every(
    ([k, v]) => Object.hasOwn(allowed, k) && allowed[k](v),
  );

const bodies = (allowed: Record<string, (v: unknown) => boolean>) =>
  fc
    .oneof(
      fc.jsonValue(),
      fc.dictionary(
        fc.oneof(
          fc.constantFrom(...Object.keys(allowed), 'extra'),
          fc.string(),
        ),
        fc.jsonValue(),
      ),
      fc.record(
        Object.fromEntries(Object.keys(allowed).map(k => [k, fc.jsonValue()])),
      ),
    )
    .filter(body => !isWellFormed(body, allowed));

const malformedNames = fc
  .oneof(
    fc.string(),
    fc.string({ unit: 'grapheme' }),
    fc.stringMatching(/^[a-z0-9-]{41,60}$/),
    fc.constantFrom('-a', 'A', 'a_b', 'a.b'),
  )
  // "." and ".." are resolved away by URL semantics before reaching any server.
  .filter(
    s =>
      s.length > 0 &&
      s !== '.' &&
      s !== '..' &&
      !(NAME.test(s) && s.length <= 40),
  );

const queryKeys = [
  'owner',
  'entityRef',
  'template',
  'phase',
  'cluster',
  'q',
  'sort',
  'order',
  'limit',
  'cursor',
];
const malformedQueries = fc.oneof(
  fc.dictionary(
    fc.string({ minLength: 1 }).filter(k => !queryKeys.includes(k)),
    fc.string(),
    { minKeys: 1 },
  ),
  fc.record({
    limit: fc.oneof(
      fc
        .string()
        .filter(s => !/^\d{1,3}$/.test(s) || Number(s) < 1 || Number(s) > 500),
      fc.constant('0'),
      fc.constant('501'),
    ),
  }),
  fc.record({
    phase: fc
      .string()
      .filter(
        s =>
          ![
            'Pending',
            'Provisioning',
            'Ready',
            'Suspending',
            'Suspended',
            'Resuming',
            'Expired',
            'Failed',
            'Deleting',
          ].includes(s),
      ),
  }),
  fc.record({
    sort: fc
      .string()
      .filter(
        s => !['createdAt', 'expiresAt', 'name', 'lastActivityAt'].includes(s),
      ),
  }),
  fc.record({ order: fc.string().filter(s => s !== 'asc' && s !== 'desc') }),
  fc.record({
    owner: fc
      .string()
      .filter(s => s !== 'me' && !/^[^:/]+:[^:/]+\/[^:/]+$/.test(s)),
  }),
  fc.record({ cursor: fc.string({ minLength: 1, maxLength: 200 }) }),
  fc.record({ q: fc.string({ minLength: 201, maxLength: 300 }) }),
);

describe('malformed requests are refused with a 4xx and a message, never a 5xx, and create nothing', () => {
  let kube: KubeFixture;
  let backend: Awaited<ReturnType<typeof startSandboxesBackend>>;
  let base: string;
  let existing: string;

  beforeAll(async () => {
    kube = await startKubeFixture();
    backend = await startSandboxesBackend({ kubeUrl: kube.sim.url });
    base = `http://127.0.0.1:${
      (backend.server.address() as AddressInfo).port
    }/api/sandboxes`;
    const created = await request(backend.server)
      .post('/api/sandboxes/sandboxes')
      .set('Authorization', alice)
      .send({ template: 'payments-api' })
      .expect(201);
    existing = created.body.name;
  });

  afterAll(async () => {
    await backend?.stop();
    await kube?.stop();
  });

  async function send(method: string, path: string, body?: string) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        Authorization: alice,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body,
    });
    const text = await res.text();
    return { status: res.status, text };
  }

  function expectRefused(
    result: { status: number; text: string },
    what: string,
  ) {
    if (result.status < 400 || result.status >= 500) {
      throw new Error(
        `${what} answered ${result.status}: ${result.text.slice(0, 300)}`,
      );
    }
    const message = JSON.parse(result.text)?.error?.message;
    if (typeof message !== 'string' || message.length === 0) {
      throw new Error(`${what} answered ${result.status} without a message`);
    }
  }

  const createFields = {
    template: (v: unknown) => typeof v === 'string' && v === 'payments-api',
    name: (v: unknown) =>
      typeof v === 'string' && NAME.test(v) && v.length <= 40,
    displayName: (v: unknown) =>
      typeof v === 'string' && v.length > 0 && v.length <= 255,
  };

  it('POST /sandboxes with malformed bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          bodies(createFields).map(b => JSON.stringify(b)),
          fc.string(),
        ),
        async body => {
          let valid = false;
          try {
            valid =
              isWellFormed(JSON.parse(body), createFields) &&
              'template' in JSON.parse(body);
          } catch {
            valid = false;
          }
          fc.pre(!valid);
          expectRefused(
            await send('POST', '/sandboxes', body),
            `POST /sandboxes ${body}`,
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('GET /sandboxes with malformed query strings', async () => {
    await fc.assert(
      fc.asyncProperty(malformedQueries, async query => {
        const search = new URLSearchParams(
          query as Record<string, string>,
        ).toString();
        expectRefused(
          await send('GET', `/sandboxes?${search}`),
          `GET /sandboxes?${search}`,
        );
      }),
      { numRuns: RUNS },
    );
  });

  const byId: Array<[string, string, string | undefined]> = [
    ['GET', '', undefined],
    ['GET', '/activity', undefined],
    ['GET', '/history', undefined],
    ['DELETE', '', undefined],
    ['POST', '/suspend', '{}'],
    ['POST', '/resume', '{}'],
    ['POST', '/extend', '{"minutes":5}'],
    ['POST', '/reseed', '{}'],
    ['POST', '/keep-awake', '{"until":null}'],
  ];

  it.each(byId)(
    '%s /sandboxes/:name%s with malformed or unknown names',
    async (method, suffix, body) => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(malformedNames, fc.stringMatching(/^zz[a-z0-9]{1,20}$/)),
          async name => {
            const path = `/sandboxes/${encodeURIComponent(name)}${suffix}`;
            expectRefused(await send(method, path, body), `${method} ${path}`);
          },
        ),
        { numRuns: RUNS },
      );
    },
  );

  const actionBodies: Array<[string, Record<string, (v: unknown) => boolean>]> =
    [
      [
        '/suspend',
        {
          reason: v => typeof v === 'string' && v.length > 0 && v.length <= 500,
        },
      ],
      [
        '/resume',
        {
          reason: v => typeof v === 'string' && v.length > 0 && v.length <= 500,
        },
      ],
      [
        '/extend',
        {
          // A valid extension is skipped (it would succeed); anything else is fuzz.
          minutes: v =>
            Number.isInteger(v) &&
            (v as number) >= 1 &&
            (v as number) <= 43_200,
        },
      ],
      ['/reseed', {}],
      ['/keep-awake', { until: v => v === null }],
    ];

  it.each(actionBodies)(
    'POST /sandboxes/:name%s with malformed bodies',
    async (suffix, allowed) => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            bodies(allowed).map(b => JSON.stringify(b)),
            fc.string(),
          ),
          async body => {
            // An empty body means "no options" where every field is optional.
            let wellFormed = body === '' && suffix !== '/extend';
            try {
              wellFormed ||= isWellFormed(JSON.parse(body), allowed);
            } catch {
              wellFormed = false;
            }
            fc.pre(!wellFormed);
            expectRefused(
              await send('POST', `/sandboxes/${existing}${suffix}`, body),
              `POST ${suffix} ${body}`,
            );
          },
        ),
        { numRuns: RUNS },
      );
      const after = await request(backend.server)
        .get(`/api/sandboxes/sandboxes/${existing}`)
        .set('Authorization', alice);
      expect(after.body.suspended).toBe(false);
      expect(after.body.extensionsUsed).toBe(0);
    },
  );
  it('created nothing: only the sandbox made before fuzzing exists, in the cluster and the index', async () => {
    const inCluster = await (
      await fetch(`${kube.sim.url}/apis/sandboxkit.dev/v1alpha1/sandboxes`)
    ).json();
    const list = await request(backend.server)
      .get('/api/sandboxes/sandboxes')
      .set('Authorization', alice);
    expect(
      inCluster.items.map(
        (i: { metadata: { name: string } }) => i.metadata.name,
      ),
    ).toEqual([existing]);
    expect(list.body.totalCount).toBe(1);
  });
});
