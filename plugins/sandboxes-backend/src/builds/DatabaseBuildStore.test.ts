import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { SandboxResource } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { DatabaseSandboxStore } from '../database/DatabaseSandboxStore';
import { connectSandboxesDatabase } from '../database/migrations';
import { BranchBuild, DatabaseBuildStore } from './DatabaseBuildStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const repo = 'https://github.com/acme/payments';

function sandbox(
  name: string,
  rv: string,
  spec: Partial<SandboxResource['spec']>,
): SandboxResource {
  return {
    apiVersion: 'sandboxkit.dev/v1alpha1',
    kind: 'Sandbox',
    metadata: { name, resourceVersion: rv },
    spec: {
      templateRef: { name: 'payments-api' },
      owner: 'user:default/alice',
      expiresAt: '2026-01-01T02:00:00Z',
      ...spec,
    },
  };
}

const build = (commit: string, extra: Partial<BranchBuild> = {}) => ({
  repository: repo,
  branch: 'main',
  commit,
  images: { api: `ghcr.io/acme/api:${commit}` },
  reportedBy: 'service:ci',
  receivedAt: new Date('2026-01-01T00:00:00Z'),
  ...extra,
});

describe.each(databases.eachSupportedId())(
  'DatabaseBuildStore on %p',
  databaseId => {
    let builds: DatabaseBuildStore;
    let sandboxes: DatabaseSandboxStore;

    beforeEach(async () => {
      const knex = await databases.init(databaseId);
      const db = await connectSandboxesDatabase(
        mockServices.database({ knex, migrations: { skip: false } }),
      );
      builds = new DatabaseBuildStore(db);
      sandboxes = new DatabaseSandboxStore(db);
    });

    it('finds followers from the indexed resources, and forgets them when the follow or the sandbox goes', async () => {
      await sandboxes.applyObserved(
        'local',
        sandbox('a', '1', { follow: { repository: repo, branch: 'main' } }),
      );
      await sandboxes.applyObserved(
        'local',
        sandbox('b', '1', {
          componentFollow: { api: { repository: repo, branch: 'main' } },
        }),
      );
      expect(await builds.followers(repo, 'main')).toEqual([
        { sandbox: 'a', component: '*' },
        { sandbox: 'b', component: 'api' },
      ]);
      expect(await builds.isFollowed(repo)).toBe(true);
      await sandboxes.applyObserved('local', sandbox('a', '2', {}));
      await sandboxes.removeObserved('b');
      expect(await builds.followers(repo, 'main')).toEqual([]);
      expect(await builds.isFollowed(repo)).toBe(false);
    });

    it('keeps the newest build of a branch by sequence, else by build time', async () => {
      expect(await builds.recordIfNewer(build('b2', { sequence: 2 }))).toBe(
        true,
      );
      expect(await builds.recordIfNewer(build('b1', { sequence: 1 }))).toBe(
        false,
      );
      expect((await builds.latest(repo, 'main'))?.commit).toBe('b2');
      expect(await builds.recordIfNewer(build('b3', { sequence: 3 }))).toBe(
        true,
      );
      expect(await builds.latest(repo, 'main')).toMatchObject({
        commit: 'b3',
        sequence: 3,
        images: { api: 'ghcr.io/acme/api:b3' },
      });
      await builds.forget(repo, 'main');
      const t = (iso: string) => ({ builtAt: iso });
      await builds.recordIfNewer(build('t2', t('2026-01-01T10:00:00.000Z')));
      await builds.recordIfNewer(build('t1', t('2026-01-01T09:00:00.000Z')));
      expect(await builds.latest(repo, 'main')).toMatchObject({
        commit: 't2',
        builtAt: '2026-01-01T10:00:00.000Z',
      });
    });
  },
);
