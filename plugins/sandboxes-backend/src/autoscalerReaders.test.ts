import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { DatabaseAutoscalerStore } from './autoscaler/DatabaseAutoscalerStore';
import { SavingsRow } from './autoscaler/AutoscalerStore';
import { KubeFixture, startKubeFixture } from './__testUtils__/kubeFixture';
import { ADMIN, ALICE, BOB } from './__testUtils__/policyPermissions';
import { startSandboxesBackend } from './__testUtils__/testBackend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** Bookkeeping the autoscaler keeps for a sandbox it scaled down. */
function savings(sandbox: string, owner: string): SavingsRow {
  return {
    sandbox,
    cluster: 'local',
    owner,
    template: 'payments-api',
    openReplicas: 0,
    openCpuCores: 0,
    openMemoryBytes: 0,
    replicaHours: 2,
    cpuCoreHours: 1,
    memoryGibHours: 4,
    updatedAt: Date.parse('2026-01-01T00:00:00Z'),
  };
}

describe.each([
  // everyoneCanRead, then who sees which per-sandbox rows.
  [
    false,
    { [ALICE]: ['alices'], [BOB]: ['bobs'], [ADMIN]: ['alices', 'bobs'] },
  ],
  [
    true,
    {
      [ALICE]: ['alices', 'bobs'],
      [BOB]: ['alices', 'bobs'],
      [ADMIN]: ['alices', 'bobs'],
    },
  ],
] as const)(
  'GET /autoscaler with everyoneCanRead %p',
  (everyoneCanRead, expected) => {
    let kube: KubeFixture;
    let backend: Awaited<ReturnType<typeof startSandboxesBackend>>;

    beforeAll(async () => {
      const knex = await databases.init('SQLITE_3');
      kube = await startKubeFixture();
      backend = await startSandboxesBackend({
        kubeUrl: kube.sim.url,
        knex,
        everyoneCanRead,
      });
      const store = await DatabaseAutoscalerStore.create({
        knex,
        skipMigrations: true,
      });
      await store.saveSavings([savings('alices', ALICE), savings('bobs', BOB)]);
    });

    afterAll(async () => {
      await backend?.stop();
      await kube?.stop();
    });

    it.each(Object.entries(expected))(
      'shows %s only the rows of sandboxes they may read, and the whole fleet total',
      async (user, rows) => {
        const res = await request(backend.server)
          .get('/api/sandboxes/autoscaler')
          .set('Authorization', mockCredentials.user.header(user))
          .expect(200);
        expect(
          res.body.savings.sandboxes.map((r: { sandbox: string }) => r.sandbox),
        ).toEqual(rows);
        expect(res.body.savings.total).toEqual({
          replicaHours: 4,
          cpuCoreHours: 2,
          memoryGibHours: 8,
        });
      },
    );
  },
);
