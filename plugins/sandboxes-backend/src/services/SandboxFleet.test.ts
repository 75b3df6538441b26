import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { startKubeFixture, KubeFixture } from '../__testUtils__/kubeFixture';
import { clusterConfig } from '../__testUtils__/testBackend';
import { buildSandboxes, SandboxesParts } from '../wiring';

jest.setTimeout(30_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('SandboxFleet (the autoscaler port)', () => {
  let kube: KubeFixture;
  let parts: SandboxesParts;

  beforeAll(async () => {
    kube = await startKubeFixture();
    const knex = await databases.init('SQLITE_3');
    parts = await buildSandboxes({
      config: new ConfigReader({
        ...clusterConfig(kube.sim.url),
        sandboxes: { quotas: { perUser: 1 } },
      }),
      database: mockServices.database({ knex }),
      logger: mockServices.logger.mock(),
      auditor: mockServices.auditor.mock(),
    });
  });

  afterAll(() => kube?.stop());

  it('lists sandboxes with template sizes, suspends with evidence and resumes with a quota check', async () => {
    const created = await parts.service.create(
      { template: 'payments-api', size: 'medium' },
      {
        actor: 'user:default/alice',
        groups: [],
        credentials: mockCredentials.user('user:default/alice'),
      },
    );
    const [listed] = await parts.fleet.listSandboxes('local');
    expect(listed).toMatchObject({
      name: created.name,
      owner: 'user:default/alice',
      template: 'payments-api',
      suspended: false,
    });
    expect(listed.components).toEqual(
      expect.arrayContaining([
        {
          name: 'payments-api',
          replicas: 2,
          cpuCores: 0.25,
          memoryBytes: 256 * 2 ** 20,
        },
      ]),
    );

    const evidence = {
      query: 'sum(rate(x[30m]))',
      source: 'prometheus',
      value: 0,
      threshold: 0.01,
      windowMinutes: 30,
      at: '2026-01-01T00:00:00Z',
    };
    await parts.fleet.suspend(created.name, {
      actor: 'autoscaler',
      reason: 'No requests for 30 minutes',
      evidence,
    });
    const suspended = await parts.service.get(created.name);
    expect(suspended).toMatchObject({
      suspended: true,
      suspendReason: 'No requests for 30 minutes',
    });

    await parts.fleet.resume(created.name, {
      actor: 'autoscaler',
      reason: 'Requests arrived',
    });
    const [resumed] = await parts.fleet.listSandboxes('local');
    expect(resumed.suspended).toBe(false);
    expect(resumed.lastResumedAt).toBeInstanceOf(Date);

    await parts.fleet.recordActivity(created.name, {
      type: 'idle-warning',
      message: 'Idle for 25 minutes',
    });
    const activity = await parts.service.activity(
      await parts.service.findTimeline(created.name),
    );
    expect(activity.map(a => [a.type, a.actor])).toEqual([
      ['idle-warning', 'autoscaler'],
      ['resumed', 'autoscaler'],
      ['suspended', 'autoscaler'],
      ['created', 'user:default/alice'],
    ]);
    expect(activity.find(a => a.type === 'suspended')?.details).toMatchObject({
      query: 'sum(rate(x[30m]))',
      value: 0,
    });
  });
});
