import { DefaultSchedulerService } from '@backstage/backend-defaults/scheduler';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { SandboxMetricsSource } from '@sandboxkit/backstage-plugin-sandboxes-node';
import { Knex } from 'knex';
import { Registry } from 'prom-client';
import { DatabaseAutoscalerStore } from './DatabaseAutoscalerStore';
import { registerAutoscaler } from './registerAutoscaler';
import { InMemoryFleet } from './__testUtils__/InMemoryFleet';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/** The scheduler reports to a MetricsService; these tests do not look at it. */
const noopInstrument = {
  add() {},
  record() {},
  set() {},
  addCallback() {},
  removeCallback() {},
};
const noopMetrics = new Proxy(
  {},
  { get: () => () => noopInstrument },
) as unknown as MetricsService;

/** A metrics source from the extension point that takes a while to answer. */
const slowSource: SandboxMetricsSource = {
  id: 'slow',
  supportsCluster: () => true,
  async queryActivity(request) {
    await new Promise(r => setTimeout(r, 300));
    return {
      query: 'slow',
      byNamespace: new Map([
        ['sandbox-demo', new Map(request.windowsSeconds.map(w => [w, 10]))],
      ]),
    };
  },
};

async function startReplica(
  knex: Knex,
  instance: string,
  fleet: InMemoryFleet,
) {
  const shutdownHooks: Array<() => void | Promise<void>> = [];
  const database: DatabaseService = {
    getClient: async () => knex,
    migrations: { skip: false },
  };
  const scheduler = DefaultSchedulerService.create({
    database,
    logger: mockServices.logger.mock(),
    metrics: noopMetrics,
    rootLifecycle: mockServices.rootLifecycle.mock({
      addShutdownHook: hook => {
        shutdownHooks.push(hook);
      },
    }),
    httpRouter: mockServices.httpRouter.mock(),
    pluginMetadata: { getId: () => 'sandboxes' },
  });
  await registerAutoscaler({
    config: new ConfigReader({
      sandboxes: { autoscaler: { frequency: { seconds: 1 } } },
    }),
    logger: mockServices.logger.mock(),
    scheduler,
    database,
    fleet,
    metricsSources: [slowSource],
    registry: new Registry(),
    instance,
  });
  return { stop: async () => Promise.all(shutdownHooks.map(hook => hook())) };
}

describe.each(databases.eachSupportedId())(
  'registerAutoscaler on %p',
  databaseId => {
    it('runs each cycle on one backend replica at a time, and another takes over when it stops', async () => {
      const knex = await databases.init(databaseId);
      const fleet = new InMemoryFleet();
      fleet.add({ name: 'demo' });
      const replicas = new Map([
        ['replica-a', await startReplica(knex, 'replica-a', fleet)],
        ['replica-b', await startReplica(knex, 'replica-b', fleet)],
      ]);
      const store = await DatabaseAutoscalerStore.create({ knex });
      // Bounded by time, not by a number of polls, so that a busy machine
      // only makes the wait longer.
      const waitForCycles = async (count: number) => {
        const deadline = Date.now() + 50_000;
        while (
          Date.now() < deadline &&
          (await store.listCycles()).length < count
        ) {
          await new Promise(r => setTimeout(r, 100));
        }
        return store.listCycles();
      };
      let cycles;
      let survivor: string;
      try {
        const first = await waitForCycles(3);
        // Stop the replica that has been running the cycles: the other takes over.
        const stopped = first[first.length - 1].instance;
        survivor = stopped === 'replica-a' ? 'replica-b' : 'replica-a';
        await replicas.get(stopped)!.stop();
        cycles = await waitForCycles(first.length + 3);
      } finally {
        for (const replica of replicas.values()) await replica.stop();
      }
      expect(cycles.length).toBeGreaterThanOrEqual(6);
      expect(cycles[cycles.length - 1].instance).toBe(survivor);
      for (const cycle of cycles) {
        expect(cycle).toMatchObject({ clusters: 1, queries: 1, sandboxes: 1 });
      }
      for (let i = 1; i < cycles.length; i++) {
        // Never two at once, and never two for the same one-second slot.
        expect(cycles[i].startedAt).toBeGreaterThanOrEqual(
          cycles[i - 1].finishedAt,
        );
        expect(
          cycles[i].startedAt - cycles[i - 1].startedAt,
        ).toBeGreaterThanOrEqual(900);
      }
      expect(fleet.suspensions).toEqual([]);
    });
  },
);
