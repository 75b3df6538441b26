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
      type: 'created',
      actor: 'user:default/alice',
      message: 'Created',
      at: new Date('2026-01-01T00:00:00Z'),
    });
    await store.add({
      sandbox: 'a',
      type: 'suspended',
      actor: 'autoscaler',
      message: 'Scaled down: no requests for 30 minutes',
      details: { value: 0, windowMinutes: 30 },
      at: new Date('2026-01-01T01:00:00Z'),
    });
    await store.add({
      sandbox: 'b',
      type: 'created',
      actor: 'user:default/bob',
      message: 'Created',
    });
    const entries = await store.list('a');
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
    expect(await store.list('old')).toEqual([]);
    expect(await store.list('new')).toHaveLength(1);
  });
});

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
