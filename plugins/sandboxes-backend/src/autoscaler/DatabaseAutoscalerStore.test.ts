import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseAutoscalerStore } from './DatabaseAutoscalerStore';
import { SandboxState, SavingsRow } from './AutoscalerStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const state = (overrides: Partial<SandboxState> = {}): SandboxState => ({
  sandbox: 'a',
  cluster: 'local',
  status: 'active',
  statusMessage: 'In use',
  updatedAt: 1_800_000_000_000,
  ...overrides,
});

const savings = (overrides: Partial<SavingsRow> = {}): SavingsRow => ({
  sandbox: 'a',
  cluster: 'local',
  owner: 'user:default/jane',
  template: 'web-app',
  openReplicas: 0,
  openCpuCores: 0,
  openMemoryBytes: 0,
  replicaHours: 0,
  cpuCoreHours: 0,
  memoryGibHours: 0,
  updatedAt: 1_800_000_000_000,
  ...overrides,
});

describe.each(databases.eachSupportedId())(
  'DatabaseAutoscalerStore on %p',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      return { knex, store: await DatabaseAutoscalerStore.create({ knex }) };
    }

    it('round-trips sandbox state with its decision and evidence, and upserts', async () => {
      const { store } = await createStore();
      const decision = {
        action: 'suspended' as const,
        at: '2027-01-15T08:00:00.000Z',
        message: 'No requests for 30 minutes',
        evidence: {
          query: 'sum by (namespace) (increase(x[1800s]))',
          source: 'prometheus',
          value: 0,
          threshold: 0,
          windowMinutes: 30,
          at: '2027-01-15T08:00:00.000Z',
        },
      };
      await store.saveStates([
        state({ idleWarnedAt: 1_800_000_000_123 }),
        state({ sandbox: 'b', cluster: 'other' }),
      ]);
      await store.saveStates([
        state({
          status: 'suspended',
          suspendedBy: 'idle',
          suspendedAt: 1_800_000_060_000,
          metricsSeenAt: 1_799_999_000_000,
          lastDecision: decision,
        }),
      ]);
      expect(await store.listStates('local')).toEqual([
        state({
          status: 'suspended',
          suspendedBy: 'idle',
          suspendedAt: 1_800_000_060_000,
          metricsSeenAt: 1_799_999_000_000,
          lastDecision: decision,
        }),
      ]);
      expect(await store.getState('b')).toEqual(
        state({ sandbox: 'b', cluster: 'other' }),
      );
      await store.deleteStates(['a', 'b']);
      expect(await store.getState('a')).toBeUndefined();
      expect(await store.listStates('other')).toEqual([]);
    });

    it('saves many states in one call, beyond a single insert batch', async () => {
      const { store } = await createStore();
      const many = Array.from({ length: 1234 }, (_, i) =>
        state({ sandbox: `s${i}` }),
      );
      await store.saveStates(many);
      expect(await store.listStates('local')).toHaveLength(1234);
    });

    it('keeps savings rows, open intervals and fractional hours', async () => {
      const { store } = await createStore();
      await store.saveSavings([
        savings({
          openSince: 1_800_000_000_000,
          openReplicas: 3,
          openCpuCores: 1.5,
          openMemoryBytes: 1.5 * 1024 ** 3,
        }),
        savings({
          sandbox: 'b',
          cluster: 'other',
          replicaHours: 12.25,
          cpuCoreHours: 3.125,
          memoryGibHours: 6.5,
        }),
      ]);
      expect(await store.listSavings({ cluster: 'local' })).toEqual([
        savings({
          openSince: 1_800_000_000_000,
          openReplicas: 3,
          openCpuCores: 1.5,
          openMemoryBytes: 1.5 * 1024 ** 3,
        }),
      ]);
      expect(await store.listSavings()).toHaveLength(2);
    });

    it('records cluster status, schedule runs and cycles', async () => {
      const { store } = await createStore();
      await store.saveClusterStatus({
        cluster: 'local',
        healthy: false,
        message: 'Autoscaler paused: metrics unavailable (timeout)',
        source: 'prometheus',
        lastCycleAt: 2,
        lastSuccessAt: 1,
      });
      expect(await store.getClusterStatuses()).toEqual([
        {
          cluster: 'local',
          healthy: false,
          message: 'Autoscaler paused: metrics unavailable (timeout)',
          source: 'prometheus',
          query: undefined,
          lastCycleAt: 2,
          lastSuccessAt: 1,
        },
      ]);
      await store.saveScheduleRun({ schedule: 'nights', suspendFiredAt: 5 });
      await store.saveScheduleRun({
        schedule: 'nights',
        suspendFiredAt: 5,
        resumeFiredAt: 9,
      });
      expect(await store.getScheduleRun('nights')).toEqual({
        schedule: 'nights',
        suspendFiredAt: 5,
        resumeFiredAt: 9,
      });
      expect(await store.getScheduleRun('weekends')).toBeUndefined();
      const cycle = {
        startedAt: 10,
        finishedAt: 12,
        instance: 'a',
        clusters: 1,
        queries: 1,
        sandboxes: 3,
        warned: 1,
        suspended: 0,
        resumed: 0,
      };
      await store.recordCycle(cycle);
      await store.recordCycle({ ...cycle, startedAt: 70, finishedAt: 71 });
      expect((await store.listCycles()).map(c => c.startedAt)).toEqual([
        10, 70,
      ]);
    });

    it('migrates only its own tables, and the migrations go down again', async () => {
      const { knex } = await createStore();
      expect(await knex.schema.hasTable('autoscaler_sandbox_state')).toBe(true);
      // The directory also holds the backend's migrations; they are not ours to run.
      const applied = await knex('knex_migrations').pluck('name');
      expect(applied).toEqual(['20261201000000_autoscaler_init.js']);
      await knex.migrate.rollback(
        {
          migrationSource: {
            getMigrations: async () => ['20261201000000_autoscaler_init.js'],
            getMigrationName: (m: string) => m,
            getMigration: async (m: string) => require(`../../migrations/${m}`),
          },
          disableMigrationsListValidation: true,
        },
        true,
      );
      expect(await knex.schema.hasTable('autoscaler_sandbox_state')).toBe(
        false,
      );
      expect(await knex.schema.hasTable('autoscaler_savings')).toBe(false);
    });
  },
);
