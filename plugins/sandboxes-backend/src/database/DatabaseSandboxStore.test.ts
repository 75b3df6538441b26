import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { SandboxResource } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { DatabaseQuotaStore } from './DatabaseQuotaStore';
import { DatabaseSandboxStore } from './DatabaseSandboxStore';
import { connectSandboxesDatabase } from './migrations';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

function sandbox(
  name: string,
  overrides: {
    owner?: string;
    phase?: string;
    rv?: string;
    template?: string;
  } = {},
): SandboxResource {
  return {
    apiVersion: 'sandboxkit.dev/v1alpha1',
    kind: 'Sandbox',
    metadata: {
      name,
      resourceVersion: overrides.rv ?? '1',
      creationTimestamp: '2026-01-01T00:00:00Z',
    },
    spec: {
      templateRef: { name: overrides.template ?? 'payments-api' },
      owner: overrides.owner ?? 'user:default/alice',
      expiresAt: '2026-01-01T02:00:00Z',
      displayName: `Display ${name}`,
    },
    status: overrides.phase ? { phase: overrides.phase as 'Ready' } : undefined,
  };
}

describe.each(databases.eachSupportedId())(
  'DatabaseSandboxStore on %p',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseSandboxStore.create({
        database: mockServices.database({ knex }),
      });
      return { knex, store };
    }

    it('records a phase change once and ignores events older than the row', async () => {
      const { store } = await createStore();
      const first = await store.applyObserved(
        'local',
        sandbox('a', { rv: '5', phase: 'Provisioning' }),
      );
      expect(first).toMatchObject({ applied: true, created: true });

      const ready = await store.applyObserved(
        'local',
        sandbox('a', { rv: '7', phase: 'Ready' }),
      );
      expect(ready.previous).toEqual({
        phase: 'Provisioning',
        suspended: false,
      });
      expect(ready.record?.phase).toBe('Ready');

      // A replica that is behind delivers rv 6 after rv 7: ignored, no regression.
      const stale = await store.applyObserved(
        'local',
        sandbox('a', { rv: '6', phase: 'Provisioning' }),
      );
      expect(stale.applied).toBe(false);
      expect((await store.get('a'))?.phase).toBe('Ready');
    });

    it('pages with a keyset cursor, filters, searches and counts', async () => {
      const { store } = await createStore();
      for (let i = 0; i < 7; i++) {
        await store.applyObserved('local', {
          ...sandbox(`box-${i}`, {
            owner: i % 2 ? 'user:default/bob' : 'user:default/alice',
          }),
          metadata: {
            name: `box-${i}`,
            resourceVersion: '1',
            creationTimestamp: `2026-01-01T00:0${i}:00Z`,
          },
        });
      }
      const first = await store.list({ limit: 3 });
      expect(first.records.map(r => r.name)).toEqual([
        'box-6',
        'box-5',
        'box-4',
      ]);
      expect(first.totalCount).toBe(7);
      const second = await store.list({ limit: 3, cursor: first.nextCursor });
      expect(second.records.map(r => r.name)).toEqual([
        'box-3',
        'box-2',
        'box-1',
      ]);
      const third = await store.list({ limit: 3, cursor: second.nextCursor });
      expect(third.records.map(r => r.name)).toEqual(['box-0']);
      expect(third.nextCursor).toBeUndefined();

      const bobs = await store.list({
        limit: 10,
        owner: 'user:default/bob',
        sort: 'name',
        order: 'asc',
      });
      expect(bobs.records.map(r => r.name)).toEqual([
        'box-1',
        'box-3',
        'box-5',
      ]);
      expect(
        (await store.list({ limit: 10, q: 'DISPLAY BOX-2' })).records.map(
          r => r.name,
        ),
      ).toEqual(['box-2']);
      // LIKE wildcards in the search are literal.
      expect((await store.list({ limit: 10, q: '%' })).totalCount).toBe(0);

      const onlyAlice = await store.list(
        { limit: 10 },
        { key: 'owner', values: ['user:default/alice'] },
      );
      expect(onlyAlice.totalCount).toBe(4);
      const notAlice = await store.list(
        { limit: 10 },
        { not: { key: 'owner', values: ['user:default/alice'] } },
      );
      expect(notAlice.totalCount).toBe(3);
    });

    it('rejects a cursor it did not issue', async () => {
      const { store } = await createStore();
      await expect(
        store.list({ limit: 5, cursor: 'bm90IGEgY3Vyc29y' }),
      ).rejects.toThrow(/cursor: must be/);
    });

    it('refuses a second reservation of the same name', async () => {
      const { knex, store } = await createStore();
      const now = new Date();
      await knex.transaction(tx =>
        store.insertReservation(tx, 'local', sandbox('dup'), now),
      );
      await expect(
        knex.transaction(tx =>
          store.insertReservation(tx, 'local', sandbox('dup'), now),
        ),
      ).rejects.toThrow(/name: a sandbox named 'dup' already exists/);
    });

    it('hands out extensions up to the limit, also under concurrency', async () => {
      const { store } = await createStore();
      await store.applyObserved('local', sandbox('ext'));
      const results = await Promise.all(
        Array.from({ length: 5 }, () => store.tryUseExtension('ext', 2)),
      );
      expect(results.filter(Boolean)).toHaveLength(2);
      await store.returnExtension('ext');
      expect((await store.get('ext'))?.extensionsUsed).toBe(1);
    });

    it('lists the fleet of a cluster with lifetime bookkeeping', async () => {
      const { store } = await createStore();
      await store.applyObserved(
        'local',
        sandbox('running', { phase: 'Ready' }),
      );
      await store.applyObserved(
        'local',
        sandbox('starting', { phase: 'Provisioning' }),
      );
      await store.applyObserved(
        'other',
        sandbox('elsewhere', { phase: 'Ready' }),
      );
      const resumed = new Date('2026-01-01T01:00:00Z');
      await store.setBookkeeping('running', {
        lastResumedAt: resumed,
        keepAwakeUntil: new Date('2026-01-01T01:30:00Z'),
      });
      const fleet = await store.listFleet('local');
      expect(fleet.map(f => f.name)).toEqual(['running', 'starting']);
      expect(fleet[0].lastResumedAt?.toISOString()).toBe(resumed.toISOString());
      expect(fleet[0].keepAwakeUntil?.toISOString()).toBe(
        '2026-01-01T01:30:00.000Z',
      );
      expect(fleet[0].template).toBe('payments-api');
    });

    it('finds rows that vanished from the cluster but not rows written after the list began', async () => {
      const { store } = await createStore();
      await store.applyObserved(
        'local',
        sandbox('gone'),
        new Date('2026-01-01T00:00:00Z'),
      );
      await store.applyObserved(
        'local',
        sandbox('kept'),
        new Date('2026-01-01T00:00:00Z'),
      );
      await store.applyObserved(
        'local',
        sandbox('just-created'),
        new Date('2026-01-01T00:10:00Z'),
      );
      const vanished = await store.findVanished(
        'local',
        new Set(['kept']),
        new Date('2026-01-01T00:05:00Z'),
      );
      expect(vanished).toEqual(['gone']);
      expect((await store.removeObserved('gone'))?.name).toBe('gone');
      expect(await store.removeObserved('gone')).toBeUndefined();
    });

    it('claims the expiry warning of each expiry once, and again after the expiry moves', async () => {
      const { store } = await createStore();
      await store.applyObserved('local', sandbox('a'));
      const now = new Date('2026-01-01T01:50:00Z');
      const horizon = new Date('2026-01-01T02:05:00Z');
      const expiresAt = new Date('2026-01-01T02:00:00Z');
      const due = async () =>
        (await store.listUnwarnedExpiring(now, horizon, 10)).map(r => r.name);

      expect(await due()).toEqual(['a']);
      // A stale expiry (the sandbox changed since it was listed) claims nothing.
      expect(
        await store.claimExpiryWarning('a', new Date('2026-01-01T01:00:00Z')),
      ).toBe(false);
      expect(await store.claimExpiryWarning('a', expiresAt)).toBe(true);
      expect(await store.claimExpiryWarning('a', expiresAt)).toBe(false);
      expect(await due()).toEqual([]);

      // A warning that could not be written is released and due again.
      await store.releaseExpiryWarning('a', expiresAt);
      expect(await due()).toEqual(['a']);
      expect(await store.claimExpiryWarning('a', expiresAt)).toBe(true);

      const moved = sandbox('a', { rv: '2' });
      moved.spec.expiresAt = '2026-01-01T02:04:00Z';
      await store.applyObserved('local', moved);
      expect(await due()).toEqual(['a']);
      expect(
        await store.claimExpiryWarning('a', new Date(moved.spec.expiresAt)),
      ).toBe(true);
      expect(await due()).toEqual([]);
    });
  },
);

describe.each(databases.eachSupportedId())(
  'DatabaseQuotaStore on %p',
  databaseId => {
    it('never hands out more slots than the limit to concurrent transactions', async () => {
      const knex = await databases.init(databaseId);
      await connectSandboxesDatabase(mockServices.database({ knex }));
      const quota = new DatabaseQuotaStore(knex);
      const scope = {
        key: 'user:user:default/alice',
        description: 'per-user quota',
        limit: 4,
      };
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          quota
            .transaction(tx => quota.reserve(tx, `s-${i}`, [scope], new Date()))
            .then(
              refusal => (refusal ? 'refused' : 'taken'),
              () => 'error',
            ),
        ),
      );
      expect(outcomes.filter(o => o === 'taken')).toHaveLength(4);
      expect(outcomes.filter(o => o === 'refused')).toHaveLength(16);
      const holders = await knex('sandbox_quota_slots').select('sandbox_name');
      expect(holders).toHaveLength(4);

      await quota.release(holders[0].sandbox_name);
      expect(
        await quota.transaction(tx =>
          quota.reserve(tx, 'late', [scope], new Date()),
        ),
      ).toBeUndefined();
    });

    it('takes nothing when a later scope is full (the transaction rolls back)', async () => {
      const knex = await databases.init(databaseId);
      await connectSandboxesDatabase(mockServices.database({ knex }));
      const quota = new DatabaseQuotaStore(knex);
      const user = { key: 'user:u', description: 'per-user quota', limit: 5 };
      const group = {
        key: 'group:g',
        description: 'per-group quota of g',
        limit: 1,
      };
      await quota.transaction(tx =>
        quota.reserve(tx, 'first', [user, group], new Date()),
      );
      await expect(
        quota.transaction(async tx => {
          const refusal = await quota.reserve(
            tx,
            'second',
            [user, group],
            new Date(),
          );
          if (refusal)
            throw new Error(`refused by ${refusal.scope.description}`);
        }),
      ).rejects.toThrow('refused by per-group quota of g');
      expect(await quota.slotsOf('second')).toEqual([]);
    });
  },
);
