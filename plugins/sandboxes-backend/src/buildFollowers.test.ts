import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { KubeFixture, startKubeFixture } from './__testUtils__/kubeFixture';
import { ALICE } from './__testUtils__/policyPermissions';
import { startSandboxesBackend } from './__testUtils__/testBackend';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

// More than BuildService moves at once (8), so a build moves them in rounds.
const FOLLOWERS = 9;
const repository = 'https://github.com/acme/payments';
const api = '/api/sandboxes';
const alice = mockCredentials.user.header(ALICE);
const ci = mockCredentials.service.header();

interface SandboxInCluster {
  metadata: { name: string };
  spec: {
    images?: Record<string, string>;
    builds?: Record<string, { commit: string }>;
  };
}

/**
 * One build (POST /builds) for a branch that many sandboxes follow: every
 * follower moves by its own change, with its own activity entry, and the
 * answer names each of them once, moved or not. Of two builds racing for
 * them, the later one wins.
 */
describe('a build with many following sandboxes', () => {
  let kube: KubeFixture;

  beforeAll(async () => {
    kube = await startKubeFixture();
  });

  afterAll(async () => {
    await kube?.stop();
  });

  it.each(databases.eachSupportedId())(
    'moves every follower to the build, records one entry for each, leaves them on it when an older build arrives, and ends them on the later of two racing builds, on %p',
    async databaseId => {
      await kube.reset();
      const backend = await startSandboxesBackend({
        kubeUrl: kube.sim.url,
        knex: await databases.init(databaseId),
        sandboxes: { quotas: { perUser: FOLLOWERS, perGroup: 100 } },
      });
      const report = (sequence: number, commit: string) =>
        request(backend.server)
          .post(`${api}/builds`)
          .set('Authorization', ci)
          .send({
            repository,
            branch: 'main',
            commit,
            images: { 'payments-api': `ghcr.io/acme/payments-api:${commit}` },
            sequence,
          });
      const inCluster = async () =>
        (
          (await (
            await fetch(
              `${kube.sim.url}/apis/sandboxkit.dev/v1alpha1/sandboxes`,
            )
          ).json()) as { items: SandboxInCluster[] }
        ).items;
      try {
        const names: string[] = [];
        for (let i = 0; i < FOLLOWERS; i += 1) {
          const created = await request(backend.server)
            .post(`${api}/sandboxes`)
            .set('Authorization', alice)
            .send({ template: 'payments-api', size: 'small' });
          expect(created.status).toBe(201);
          const followed = await request(backend.server)
            .patch(`${api}/sandboxes/${created.body.name}`)
            .set('Authorization', alice)
            .send({ follow: { repository, branch: 'main' } });
          expect(followed.status).toBe(200);
          names.push(created.body.name);
        }

        const moved = await report(20, 'b2b2b2b2b2b2');
        expect(moved.status).toBe(200);
        expect([...moved.body.updated].sort()).toEqual([...names].sort());
        expect(moved.body.unchanged).toEqual([]);
        const sandboxes = await inCluster();
        expect(sandboxes).toHaveLength(FOLLOWERS);
        for (const sandbox of sandboxes) {
          expect(sandbox.spec.images?.['payments-api']).toBe(
            'ghcr.io/acme/payments-api:b2b2b2b2b2b2',
          );
          expect(sandbox.spec.builds?.['payments-api']?.commit).toBe(
            'b2b2b2b2b2b2',
          );
        }
        for (const name of names) {
          const activity = await request(backend.server)
            .get(`${api}/sandboxes/${name}/activity`)
            .set('Authorization', alice);
          const deployed = (
            activity.body.items as Array<{ type: string; details: any }>
          ).filter(entry => entry.type === 'build-deployed');
          expect(deployed).toHaveLength(1);
          expect(deployed[0].details.changes).toContainEqual({
            field: 'images.payments-api',
            from: null,
            to: 'ghcr.io/acme/payments-api:b2b2b2b2b2b2',
          });
        }

        // A build older than the one they run moves none of them.
        const late = await report(19, 'a1a1a1a1a1a1');
        expect(late.status).toBe(200);
        expect(late.body.updated).toEqual([]);
        expect([...late.body.unchanged].sort()).toEqual([...names].sort());
        for (const sandbox of await inCluster()) {
          expect(sandbox.spec.images?.['payments-api']).toBe(
            'ghcr.io/acme/payments-api:b2b2b2b2b2b2',
          );
        }

        // Two builds reported at the same moment: whichever lands first,
        // every follower ends on the later one.
        const [older, newer] = await Promise.all([
          report(30, 'c3c3c3c3c3c3'),
          report(31, 'd4d4d4d4d4d4'),
        ]);
        expect(older.status).toBe(200);
        expect(newer.status).toBe(200);
        expect([...newer.body.updated].sort()).toEqual([...names].sort());
        for (const sandbox of await inCluster()) {
          expect(sandbox.spec.images?.['payments-api']).toBe(
            'ghcr.io/acme/payments-api:d4d4d4d4d4d4',
          );
          expect(sandbox.spec.builds?.['payments-api']?.commit).toBe(
            'd4d4d4d4d4d4',
          );
        }
      } finally {
        await backend.stop();
      }
    },
  );
});
