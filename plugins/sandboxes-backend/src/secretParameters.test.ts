import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { capturedLogs } from './__testUtils__/capturedLogs';
import {
  createTemplateFromDemo,
  eventually,
  KubeFixture,
  startKubeFixture,
} from './__testUtils__/kubeFixture';
import { ALICE } from './__testUtils__/policyPermissions';
import { startSandboxesBackend } from './__testUtils__/testBackend';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const SANDBOXES = '/apis/sandboxkit.dev/v1alpha1/sandboxes';
const STAGING = 'sandbox-operator-system';
const SECRETS = `/api/v1/namespaces/${STAGING}/secrets`;

// Values no other part of a response or a log line could hold by chance.
const API_TOKEN = 'tok-7f3a9c1e-secret-value';
const DB_PASSWORD = 'pw-b62d04ee-secret-value';
const NEW_API_TOKEN = 'tok-2c8e5b90-rotated-value';
const WEBHOOK_KEY = 'whk-91d7f3a2-secret-value';
const BAD_TOKEN = 'bad token 5e0c7d13 with spaces';
const UNSTORED_TOKEN = 'tok-0a4f6e27-never-stored';
const VALUES = [
  API_TOKEN,
  DB_PASSWORD,
  NEW_API_TOKEN,
  WEBHOOK_KEY,
  BAD_TOKEN,
  UNSTORED_TOKEN,
  // As the staging Secret holds them (base64), so no encoded copy leaks.
  ...[API_TOKEN, DB_PASSWORD, NEW_API_TOKEN, WEBHOOK_KEY].map(v =>
    Buffer.from(v).toString('base64'),
  ),
];

async function kubeGet(kube: KubeFixture, path: string) {
  const res = await fetch(`${kube.sim.url}${path}`);
  return { status: res.status, body: await res.json() };
}

async function kubeSend(
  kube: KubeFixture,
  method: string,
  path: string,
  body?: object,
) {
  const res = await fetch(`${kube.sim.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  if (res.status >= 300) {
    throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  }
}

const decode = (data: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(data).map(([k, v]) => [
      k,
      Buffer.from(v, 'base64').toString('utf8'),
    ]),
  );

/** The demo template with three secret parameters. */
const installSecretTemplate = (kube: KubeFixture) =>
  createTemplateFromDemo(kube, 'with-secrets', spec => ({
    ...spec,
    parameters: [
      ...spec.parameters,
      {
        name: 'apiToken',
        type: 'string',
        secret: true,
        required: true,
        mutable: true,
        pattern: '[a-z0-9-]+',
      },
      { name: 'dbPassword', type: 'string', secret: true, required: true },
      { name: 'webhookKey', type: 'string', secret: true, mutable: true },
    ],
  }));

/**
 * Secret template parameters through HTTP against kube-sim, on SQLite and
 * PostgreSQL: values go only to the staging Secret the Sandbox owns; the
 * API, the activity log, the audit log and every log line show at most
 * that a value is set; a failed write of that Secret leaves no sandbox and
 * no quota slot behind.
 */
describe.each(databases.eachSupportedId())(
  'secret parameters, on %p',
  databaseId => {
    let kube: KubeFixture;
    let backend: Awaited<ReturnType<typeof startSandboxesBackend>>;
    const logs = capturedLogs();
    const alice = mockCredentials.user.header(ALICE);
    const api = '/api/sandboxes';
    const seen: string[] = [];
    const call = async (
      method: 'get' | 'post' | 'patch',
      path: string,
      body?: object,
    ) => {
      const req = request(backend.server)[method](`${api}${path}`);
      const res = await (body ? req.send(body) : req).set(
        'Authorization',
        alice,
      );
      seen.push(JSON.stringify(res.body));
      return res;
    };
    const create = (parameters: object) =>
      call('post', '/sandboxes', { template: 'with-secrets', parameters });
    let name: string;
    let uid: string;

    beforeAll(async () => {
      kube = await startKubeFixture();
      await installSecretTemplate(kube);
      await kubeSend(kube, 'POST', '/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: STAGING },
      });
      backend = await startSandboxesBackend({
        kubeUrl: kube.sim.url,
        knex: await databases.init(databaseId),
        // One slot: a create that failed must have given it back.
        sandboxes: { quotas: { perUser: 1, perGroup: 10 } },
        services: logs.features,
      });
    });

    afterAll(async () => {
      await backend?.stop();
      await kube?.stop();
    });

    const sandboxesInCluster = async () =>
      (await kubeGet(kube, SANDBOXES)).body.items as unknown[];

    it('answers 503 and creates nothing when the API server fails the Secret write', async () => {
      kube.sim.faults.failNext({
        method: 'POST',
        pathPattern: `/namespaces/${STAGING}/secrets`,
        code: 500,
      });
      const res = await create({
        apiToken: API_TOKEN,
        dbPassword: DB_PASSWORD,
      });
      expect(res.status).toBe(503);
      expect(res.body.error.message).toMatch(
        /^Could not store the secret parameters in namespace 'sandbox-operator-system' of cluster 'local', so the sandbox was not created/,
      );
      expect(await sandboxesInCluster()).toEqual([]);
      expect((await kubeGet(kube, SECRETS)).body.items).toEqual([]);
      expect((await call('get', '/sandboxes')).body.totalCount).toBe(0);
    });

    it('answers 500 naming the namespace and creates nothing when the staging namespace is missing', async () => {
      await kubeSend(kube, 'DELETE', `/api/v1/namespaces/${STAGING}`);
      await eventually(async () => {
        const { status } = await kubeGet(kube, `/api/v1/namespaces/${STAGING}`);
        if (status !== 404) throw new Error(`namespace still there: ${status}`);
      });
      const res = await create({
        apiToken: API_TOKEN,
        dbPassword: DB_PASSWORD,
      });
      expect(res.status).toBe(500);
      expect(res.body.error.message).toMatch(
        /^Could not store the secret parameters in namespace 'sandbox-operator-system' of cluster 'local', so the sandbox was not created; caused by .*not found/,
      );
      expect(await sandboxesInCluster()).toEqual([]);
      expect((await call('get', '/sandboxes')).body.totalCount).toBe(0);
      await kubeSend(kube, 'POST', '/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: STAGING },
      });
    });

    it('refuses a secret value that breaks its rule without echoing it', async () => {
      const res = await create({
        apiToken: BAD_TOKEN,
        dbPassword: DB_PASSWORD,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'parameters.apiToken: must match the pattern [a-z0-9-]+',
      );
      expect(await sandboxesInCluster()).toEqual([]);
    });

    it('creates with the values only in the staging Secret the Sandbox owns, and shows only their names', async () => {
      // The quota slot of the failed creates was given back (perUser: 1).
      const res = await create({
        apiToken: API_TOKEN,
        dbPassword: DB_PASSWORD,
        logLevel: 'debug',
      });
      expect(res.status).toBe(201);
      name = res.body.name;
      uid = res.body.uid;
      expect(res.body.secretParameters).toEqual(['apiToken', 'dbPassword']);
      expect(res.body.parameters).toMatchObject({ logLevel: 'debug' });
      expect(res.body.parameters).not.toHaveProperty('apiToken');

      const resource = (await kubeGet(kube, `${SANDBOXES}/${name}`)).body;
      expect(resource.spec.secretParameters).toEqual({
        keys: ['apiToken', 'dbPassword'],
      });
      expect(JSON.stringify(resource)).not.toContain(API_TOKEN);

      const secret = (
        await kubeGet(kube, `${SECRETS}/sandbox-parameters-${uid}`)
      ).body;
      expect(secret.type).toBe('Opaque');
      expect(secret.metadata.labels).toEqual({
        'sandboxkit.dev/sandbox': name,
      });
      expect(secret.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'sandboxkit.dev/v1alpha1',
          kind: 'Sandbox',
          name,
          uid,
          blockOwnerDeletion: false,
        },
      ]);
      expect(decode(secret.data)).toEqual({
        apiToken: API_TOKEN,
        dbPassword: DB_PASSWORD,
      });

      const got = await call('get', `/sandboxes/${name}`);
      expect(got.body.secretParameters).toEqual(['apiToken', 'dbPassword']);
      const listed = await call('get', '/sandboxes');
      expect(listed.body.items[0].secretParameters).toEqual([
        'apiToken',
        'dbPassword',
      ]);
      const templates = await call('get', '/templates');
      const declared = templates.body.items
        .find((t: { name: string }) => t.name === 'with-secrets')
        .parameters.filter((p: { secret?: boolean }) => p.secret)
        .map((p: { name: string }) => p.name);
      expect(declared).toEqual(
        expect.arrayContaining(['apiToken', 'dbPassword', 'webhookKey']),
      );
    });

    it('replaces a mutable secret value in the Secret and bumps the revision, recording only that it changed', async () => {
      const res = await call('patch', `/sandboxes/${name}`, {
        parameters: { apiToken: NEW_API_TOKEN },
      });
      expect(res.status).toBe(200);
      expect(res.body.secretParameters).toEqual(['apiToken', 'dbPassword']);
      const resource = (await kubeGet(kube, `${SANDBOXES}/${name}`)).body;
      expect(resource.spec.secretParameters).toEqual({
        keys: ['apiToken', 'dbPassword'],
        revision: 1,
      });
      const secret = (
        await kubeGet(kube, `${SECRETS}/sandbox-parameters-${uid}`)
      ).body;
      expect(decode(secret.data)).toEqual({
        apiToken: NEW_API_TOKEN,
        dbPassword: DB_PASSWORD,
      });

      // A secret parameter not given at create is added to the keys.
      const added = await call('patch', `/sandboxes/${name}`, {
        parameters: { webhookKey: WEBHOOK_KEY },
      });
      expect(added.status).toBe(200);
      expect(added.body.secretParameters).toEqual([
        'apiToken',
        'dbPassword',
        'webhookKey',
      ]);
      expect(
        (await kubeGet(kube, `${SANDBOXES}/${name}`)).body.spec
          .secretParameters,
      ).toEqual({
        keys: ['apiToken', 'dbPassword', 'webhookKey'],
        revision: 2,
      });

      const activity = await call('get', `/sandboxes/${name}/activity`);
      const changes = activity.body.items
        .filter((e: { type: string }) => e.type === 'changed')
        .map((e: { details: { changes: unknown[] } }) => e.details.changes);
      expect(changes).toEqual(
        expect.arrayContaining([
          [{ field: 'parameters.apiToken', from: 'set', to: 'changed' }],
          [{ field: 'parameters.webhookKey', from: null, to: 'set' }],
        ]),
      );
      const audited = logs
        .auditEvents()
        .filter(
          e => e.eventId === 'sandbox-change' && e.status === 'initiated',
        );
      expect(audited.map(e => e.meta.change.parameters)).toEqual(
        expect.arrayContaining([{ apiToken: 'set' }, { webhookKey: 'set' }]),
      );
    });

    it('bumps the revision once per change when two changes race', async () => {
      const before = (await kubeGet(kube, `${SANDBOXES}/${name}`)).body.spec
        .secretParameters.revision;
      const answers = await Promise.all(
        [API_TOKEN, NEW_API_TOKEN].map(apiToken =>
          call('patch', `/sandboxes/${name}`, { parameters: { apiToken } }),
        ),
      );
      expect(answers.map(a => a.status)).toEqual([200, 200]);
      expect(
        (await kubeGet(kube, `${SANDBOXES}/${name}`)).body.spec.secretParameters
          .revision,
      ).toBe(before + 2);
    });

    it('answers 503 and changes nothing on the Sandbox when the Secret cannot be patched', async () => {
      // Every attempt (the test backend retries a safe call twice) fails.
      kube.sim.faults.failNext({
        method: 'PATCH',
        pathPattern: `/secrets/sandbox-parameters-${uid}`,
        code: 503,
        count: 3,
      });
      const res = await call('patch', `/sandboxes/${name}`, {
        parameters: { apiToken: UNSTORED_TOKEN },
      });
      expect(res.status).toBe(503);
      expect(
        (await kubeGet(kube, `${SANDBOXES}/${name}`)).body.spec.secretParameters
          .revision,
      ).toBe(4);
    });

    it('refuses to change an immutable secret parameter and leaves the Secret as it was', async () => {
      const res = await call('patch', `/sandboxes/${name}`, {
        parameters: { dbPassword: NEW_API_TOKEN },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'parameters.dbPassword: cannot be changed on a running sandbox (the template does not mark it mutable)',
      );
      const secret = (
        await kubeGet(kube, `${SECRETS}/sandbox-parameters-${uid}`)
      ).body;
      expect(decode(secret.data).dbPassword).toBe(DB_PASSWORD);
    });

    it('changes a plain parameter without asking again for the secret ones it holds', async () => {
      const res = await call('patch', `/sandboxes/${name}`, {
        parameters: { logLevel: 'warn' },
      });
      expect(res.status).toBe(200);
      expect(res.body.parameters.logLevel).toBe('warn');
      expect(
        (await kubeGet(kube, `${SANDBOXES}/${name}`)).body.spec.secretParameters
          .revision,
      ).toBe(4);
    });

    it('never shows a value in a response, the audit log or any log line', async () => {
      // The capture works: the audit events of this suite are in it.
      expect(logs.auditEvents().some(e => e.eventId === 'sandbox-create')).toBe(
        true,
      );
      const everything = [...seen, ...logs.lines].join('\n');
      for (const value of VALUES) {
        expect(everything).not.toContain(value);
      }
    });

    it('leaves the Secret to the garbage collector when the sandbox is deleted', async () => {
      await request(backend.server)
        .delete(`${api}/sandboxes/${name}`)
        .set('Authorization', alice)
        .expect(204);
      const gone = await eventually(async () => {
        const { status } = await kubeGet(
          kube,
          `${SECRETS}/sandbox-parameters-${uid}`,
        );
        if (status !== 404) throw new Error(`Secret still there: ${status}`);
        return status;
      });
      expect(gone).toBe(404);
    });
  },
);
