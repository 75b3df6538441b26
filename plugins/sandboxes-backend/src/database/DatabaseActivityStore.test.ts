import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ActivityCleaner } from './ActivityCleaner';
import { DatabaseActivityStore } from './DatabaseActivityStore';
import { connectSandboxesDatabase } from './migrations';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())('activity log on %p', databaseId => {
  async function createStore() {
    const knex = await databases.init(databaseId);
    await connectSandboxesDatabase(mockServices.database({ knex }));
    return new DatabaseActivityStore(knex);
  }

  it('lists a sandbox timeline newest first with its details', async () => {
    const store = await createStore();
    await store.add({
      sandbox: 'a',
      sandboxUid: 'uid-a',
      type: 'created',
      actor: 'user:default/alice',
      message: 'Created',
      at: new Date('2026-01-01T00:00:00Z'),
    });
    await store.add({
      sandbox: 'a',
      sandboxUid: 'uid-a',
      type: 'suspended',
      actor: 'autoscaler',
      message: 'Scaled down: no requests for 30 minutes',
      details: { value: 0, windowMinutes: 30 },
      at: new Date('2026-01-01T01:00:00Z'),
    });
    await store.add({
      sandbox: 'b',
      sandboxUid: 'uid-b',
      type: 'created',
      actor: 'user:default/bob',
      message: 'Created',
    });
    const entries = await store.list({ uid: 'uid-a' });
    expect(entries.map(e => e.type)).toEqual(['suspended', 'created']);
    expect(entries[0]).toMatchObject({
      actor: 'autoscaler',
      details: { value: 0, windowMinutes: 30 },
    });
    expect(entries[0].at.toISOString()).toBe('2026-01-01T01:00:00.000Z');
  });

  it('the cleaner removes only entries older than the retention', async () => {
    const store = await createStore();
    const now = new Date('2026-06-01T00:00:00Z');
    await store.add({
      sandbox: 'old',
      type: 'deleted',
      actor: 'system',
      message: 'old',
      at: new Date('2026-01-01T00:00:00Z'),
    });
    await store.add({
      sandbox: 'new',
      type: 'deleted',
      actor: 'system',
      message: 'new',
      at: new Date('2026-05-30T00:00:00Z'),
    });
    const cleaner = new ActivityCleaner({
      store,
      retentionDays: 90,
      logger: mockServices.logger.mock(),
    });
    expect(await cleaner.run(now)).toBe(1);
    expect(await store.list({ name: 'old', uid: null })).toEqual([]);
    expect(await store.list({ name: 'new', uid: null })).toHaveLength(1);
  });

  it('keeps the timelines of two sandboxes that had the same name apart', async () => {
    const store = await createStore();
    const entry = (uid: string, type: 'created' | 'deleted', at: string) =>
      store.add({
        sandbox: 'shop',
        sandboxUid: uid,
        type,
        actor: uid === 'first' ? 'user:default/alice' : 'user:default/bob',
        message: type,
        details:
          type === 'created'
            ? {
                owner:
                  uid === 'first' ? 'user:default/alice' : 'user:default/bob',
              }
            : undefined,
        at: new Date(at),
      });
    await entry('first', 'created', '2026-01-01T00:00:00Z');
    await entry('first', 'deleted', '2026-01-02T00:00:00Z');
    await entry('second', 'created', '2026-01-03T00:00:00Z');

    expect((await store.list({ uid: 'second' })).map(e => e.type)).toEqual([
      'created',
    ]);
    expect((await store.list({ uid: 'first' })).map(e => e.type)).toEqual([
      'deleted',
      'created',
    ]);
    const incarnations = await store.incarnations('shop');
    expect(incarnations).toEqual([
      {
        uid: 'second',
        owner: 'user:default/bob',
        firstAt: new Date('2026-01-03T00:00:00Z'),
        lastAt: new Date('2026-01-03T00:00:00Z'),
      },
      {
        uid: 'first',
        owner: 'user:default/alice',
        firstAt: new Date('2026-01-01T00:00:00Z'),
        lastAt: new Date('2026-01-02T00:00:00Z'),
      },
    ]);
  });
});

describe.each(databases.eachSupportedId())(
  'the migration to uid-keyed activity on %p',
  databaseId => {
    const directory = resolvePackagePath(
      '@sandboxkit/backstage-plugin-sandboxes-backend',
      'migrations',
    );

    it('gives existing entries of existing sandboxes their uid and leaves earlier ones by name', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up({
        directory,
        name: '20261123000000_init.js',
      });
      const at = (iso: string) => new Date(iso);
      // An earlier sandbox 'shop' (deleted), then the current one.
      await knex('sandbox_activity').insert([
        {
          sandbox_name: 'shop',
          type: 'created',
          actor: 'user:default/alice',
          message: 'Created',
          details: JSON.stringify({ owner: 'user:default/alice' }),
          created_at: at('2026-01-01T00:00:00Z'),
        },
        {
          sandbox_name: 'shop',
          type: 'deleted',
          actor: 'user:default/alice',
          message: 'Deleted',
          created_at: at('2026-01-02T00:00:00Z'),
        },
        {
          sandbox_name: 'shop',
          type: 'created',
          actor: 'user:default/bob',
          message: 'Created',
          details: JSON.stringify({ owner: 'user:default/bob' }),
          created_at: at('2026-01-03T00:00:05Z'),
        },
      ]);
      const now = at('2026-01-03T00:00:00Z');
      await knex('sandboxes').insert({
        name: 'shop',
        cluster: 'local',
        template: 't',
        owner: 'user:default/bob',
        display_name: 'shop',
        phase: 'Ready',
        created_at: now,
        expires_at: at('2026-01-04T00:00:00Z'),
        resource: JSON.stringify({ metadata: { name: 'shop', uid: 'u-2' } }),
        updated_at: now,
        last_activity_at: now,
      });
      await knex.migrate.latest({ directory });

      const store = new DatabaseActivityStore(knex);
      expect((await store.list({ uid: 'u-2' })).map(e => e.actor)).toEqual([
        'user:default/bob',
      ]);
      expect(
        (await store.list({ name: 'shop', uid: null })).map(e => e.type),
      ).toEqual(['deleted', 'created']);
      expect(
        (await store.incarnations('shop')).map(i => [i.uid, i.owner]),
      ).toEqual([
        ['u-2', 'user:default/bob'],
        [undefined, 'user:default/alice'],
      ]);

      await knex.migrate.down({
        directory,
        name: '20261202300000_activity_uid.js',
      });
      expect(
        await knex.schema.hasColumn('sandbox_activity', 'sandbox_uid'),
      ).toBe(false);
    });
  },
);

describe.each(databases.eachSupportedId())('migrations on %p', databaseId => {
  it('go up and down cleanly', async () => {
    const knex = await databases.init(databaseId);
    await connectSandboxesDatabase(mockServices.database({ knex }));
    expect(await knex.schema.hasTable('sandboxes')).toBe(true);
    expect(await knex.schema.hasTable('sandbox_activity')).toBe(true);
    expect(await knex.schema.hasTable('sandbox_quota_slots')).toBe(true);
    const directory = resolvePackagePath(
      '@sandboxkit/backstage-plugin-sandboxes-backend',
      'migrations',
    );
    // Roll back our initial migration (others, e.g. the autoscaler's, may sit on top).
    await knex.migrate.rollback({ directory }, true);
    expect(await knex.schema.hasTable('sandboxes')).toBe(false);
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('sandboxes')).toBe(true);
  });
});
