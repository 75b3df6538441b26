import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import {
  SandboxAnnotations,
  SandboxResource,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import request from 'supertest';
import {
  eventually,
  KubeFixture,
  startKubeFixture,
} from './__testUtils__/kubeFixture';
import { ALICE } from './__testUtils__/policyPermissions';
import { startSandboxesBackend } from './__testUtils__/testBackend';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const SANDBOXES = '/apis/sandboxkit.dev/v1alpha1/sandboxes';

describe('request-driven wake', () => {
  let kube: KubeFixture;

  beforeAll(async () => {
    kube = await startKubeFixture();
  });

  afterAll(async () => {
    await kube?.stop();
  });

  const getSandbox = async (name: string): Promise<SandboxResource> =>
    (await fetch(`${kube.sim.url}${SANDBOXES}/${name}`)).json();

  /** What the operator's waker writes on the first request to a sleeping sandbox. */
  const recordWakeRequest = async (name: string, host: string) => {
    const response = await fetch(`${kube.sim.url}${SANDBOXES}/${name}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({
        metadata: {
          annotations: {
            [SandboxAnnotations.wakeRequest]: JSON.stringify({
              at: new Date().toISOString(),
              host,
            }),
          },
        },
      }),
    });
    expect(response.status).toBe(200);
  };

  it.each(databases.eachSupportedId())(
    'resumes on the watch after re-checking the quota, logs the host once, and writes back a refusal for the waker, on %p',
    async databaseId => {
      await kube.reset();
      const knex = await databases.init(databaseId);
      const backend = await startSandboxesBackend({
        kubeUrl: kube.sim.url,
        knex,
        sandboxes: { quotas: { perUser: 1, perGroup: 100 } },
      });
      const api = (path: string) =>
        request(backend.server)
          .get(`/api/sandboxes/sandboxes${path}`)
          .set('Authorization', mockCredentials.user.header(ALICE));
      try {
        const created = await request(backend.server)
          .post('/api/sandboxes/sandboxes')
          .set('Authorization', mockCredentials.user.header(ALICE))
          .send({ template: 'payments-api', ttlMinutes: 60 })
          .expect(201);
        const name = created.body.name;
        await request(backend.server)
          .post(`/api/sandboxes/sandboxes/${name}/suspend`)
          .set('Authorization', mockCredentials.user.header(ALICE))
          .send({})
          .expect(200);

        const host = `api-${name}.sandbox.localhost`;
        await recordWakeRequest(name, host);
        const woken = await eventually(async () => {
          const s = await getSandbox(name);
          expect(s.spec.suspend).toBe(false);
          return s;
        });
        const annotations = woken.metadata.annotations!;
        expect(annotations[SandboxAnnotations.wakeRequest]).toBeUndefined();
        expect(
          JSON.parse(annotations[SandboxAnnotations.wokenByRequest]).host,
        ).toBe(host);
        const activity = await eventually(async () => {
          const a = await api(`/${name}/activity`);
          const entries = a.body.items.filter(
            (e: { message: string }) =>
              e.message === `Woken by a request to ${host}`,
          );
          expect(entries).toHaveLength(1);
          return a.body.items;
        });
        expect(activity.length).toBeGreaterThan(0);

        // A sandbox made outside the portal holds no quota slot: waking it
        // must fit the owner's quota again, and with one running it does not.
        const outside = {
          apiVersion: 'sandboxkit.dev/v1alpha1',
          kind: 'Sandbox',
          metadata: { name: 'made-by-kubectl' },
          spec: {
            templateRef: { name: 'payments-api' },
            owner: created.body.owner,
            suspend: true,
            expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
          },
        };
        const made = await fetch(`${kube.sim.url}${SANDBOXES}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(outside),
        });
        expect(made.status).toBe(201);
        await eventually(async () =>
          expect((await api('/made-by-kubectl')).status).toBe(200),
        );
        await recordWakeRequest(
          'made-by-kubectl',
          'api-made-by-kubectl.sandbox.localhost',
        );
        const refused = await eventually(async () => {
          const s = await getSandbox('made-by-kubectl');
          expect(
            s.metadata.annotations?.[SandboxAnnotations.wakeRefused],
          ).toBeDefined();
          return s;
        });
        expect(refused.spec.suspend).toBe(true);
        expect(
          refused.metadata.annotations?.[SandboxAnnotations.wakeRequest],
        ).toBeUndefined();
        const refusal = JSON.parse(
          refused.metadata.annotations![SandboxAnnotations.wakeRefused],
        );
        expect(refusal.reason).toBe('OverQuota');
        expect(refusal.message).toMatch(/per-user quota/);
        await eventually(async () => {
          const a = await api('/made-by-kubectl/activity');
          expect(
            a.body.items.some((e: { message: string }) =>
              e.message.startsWith(
                'Not woken by a request to api-made-by-kubectl.sandbox.localhost',
              ),
            ),
          ).toBe(true);
        });
      } finally {
        await backend.stop();
      }
    },
  );
});
