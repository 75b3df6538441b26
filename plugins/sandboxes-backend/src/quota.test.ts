import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { KubeFixture, startKubeFixture } from './__testUtils__/kubeFixture';
import { ALICE } from './__testUtils__/policyPermissions';
import { startSandboxesBackend } from './__testUtils__/testBackend';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe('quota under concurrent creates', () => {
  let kube: KubeFixture;

  beforeAll(async () => {
    kube = await startKubeFixture();
  });

  afterAll(async () => {
    await kube?.stop();
  });

  it.each(databases.eachSupportedId())(
    '50 concurrent creates over two replicas against a per-user quota of 3: exactly 3 succeed, the rest 429 with Retry-After, on %p',
    async databaseId => {
      await kube.reset();
      const knex = await databases.init(databaseId);
      const options = {
        kubeUrl: kube.sim.url,
        knex,
        sandboxes: { quotas: { perUser: 3, perGroup: 100 } },
      };
      // Two backends on one database: the slots must hold across replicas.
      const replicas = [
        await startSandboxesBackend(options),
        await startSandboxesBackend(options),
      ];
      try {
        const responses = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            request(replicas[i % 2].server)
              .post('/api/sandboxes/sandboxes')
              .set('Authorization', mockCredentials.user.header(ALICE))
              .send({ template: 'payments-api', ttlMinutes: 30 }),
          ),
        );
        const statuses = responses.map(r => r.status);
        expect(statuses.filter(s => s === 201)).toHaveLength(3);
        expect(statuses.filter(s => s === 429)).toHaveLength(47);
        for (const refused of responses.filter(r => r.status === 429)) {
          expect(refused.body.error.message).toMatch(/per-user quota/);
          const retryAfter = Number(refused.headers['retry-after']);
          expect(retryAfter).toBeGreaterThan(25 * 60);
          expect(retryAfter).toBeLessThanOrEqual(30 * 60);
        }
        const list = await request(replicas[0].server)
          .get('/api/sandboxes/sandboxes?owner=me')
          .set('Authorization', mockCredentials.user.header(ALICE));
        expect(list.body.totalCount).toBe(3);
        const inCluster = await (
          await fetch(`${kube.sim.url}/apis/sandboxkit.dev/v1alpha1/sandboxes`)
        ).json();
        expect(inCluster.items).toHaveLength(3);

        // Deleting one frees its slot for the next create.
        const victim = list.body.items[0].name;
        await request(replicas[1].server)
          .delete(`/api/sandboxes/sandboxes/${victim}`)
          .set('Authorization', mockCredentials.user.header(ALICE))
          .expect(204);
        await request(replicas[0].server)
          .post('/api/sandboxes/sandboxes')
          .set('Authorization', mockCredentials.user.header(ALICE))
          .send({ template: 'payments-api' })
          .expect(201);
      } finally {
        await Promise.all(replicas.map(r => r.stop()));
      }
    },
  );
});
