import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import knexFactory, { Knex } from 'knex';
import { Registry } from 'prom-client';
import { AutoscalerMetrics } from './AutoscalerMetrics';
import { AutoscalerStatusService } from './AutoscalerStatusService';
import { readAutoscalerConfig } from './config';
import { DatabaseAutoscalerStore } from './DatabaseAutoscalerStore';
import { SandboxAutoscaler } from './SandboxAutoscaler';
import { DecisionEvidence } from './types';
import { InMemoryFleet } from './__testUtils__/InMemoryFleet';
import {
  BackfillSeries,
  RunningPrometheus,
  startPrometheus,
  toOpenMetrics,
} from './__testUtils__/prometheus';

jest.setTimeout(60_000);

const MINUTE = 60_000;
// Backfilled data starts at a fixed hour and lasts 2 hours; every cycle is
// evaluated at an explicit time inside it, whatever the machine's clock says.
const T0 = Date.parse('2026-11-23T08:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * MINUTE);

/** A counter that grows by one every 15 s while `active(minute)` says so. */
function series(
  namespace: string,
  active: (minute: number) => boolean,
): BackfillSeries {
  const samples: Array<[number, number]> = [];
  let count = 0;
  for (let t = T0; t <= T0 + 120 * MINUTE; t += 15_000) {
    if (active((t - T0) / MINUTE)) count += 1;
    samples.push([t / 1000, count]);
  }
  return { labels: { namespace }, samples };
}

// "idle" and "quota": used for an hour, then nobody comes until minute 100.
const backToWorkAfter = (minute: number) => minute <= 60 || minute > 100;
// Scrape lag: a request made a few seconds after minute 86 (or 91) is only in
// the sample of minute 86.25 (91.25), so a query at minute 86.1 (91.1) cannot
// see it yet.
const lateRequestAt = (requestMinute: number) => (minute: number) =>
  minute <= 60 || minute === requestMinute;

const openMetrics = toOpenMetrics('nginx_ingress_controller_requests', [
  series('sandbox-busy', () => true),
  series('sandbox-idle', backToWorkAfter),
  series('sandbox-quota', backToWorkAfter),
  series('sandbox-fresh', () => false),
  series('sandbox-pinned', () => false),
  series('sandbox-optout', () => false),
  series('sandbox-late', lateRequestAt(86.25)),
  series('sandbox-tail', lateRequestAt(91.25)),
]);

describe('SandboxAutoscaler against a real Prometheus', () => {
  let prometheus: RunningPrometheus;
  let knex: Knex;

  beforeAll(async () => {
    prometheus = await startPrometheus({ openMetrics });
  });
  afterAll(async () => {
    await prometheus?.stop();
  });
  afterEach(async () => {
    await knex?.destroy();
  });

  async function setup(options?: {
    prometheusUrl?: string;
    schedules?: JsonObject[];
  }) {
    let now = at(0);
    const clock = () => now;
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    const store = await DatabaseAutoscalerStore.create({ knex });
    const config = readAutoscalerConfig(
      new ConfigReader({
        sandboxes: {
          autoscaler: {
            frequency: { minutes: 1 },
            idleWindowMinutes: 30,
            startupGraceMinutes: 10,
            warnBeforeMinutes: 5,
            // The metrics wake is off by default (the waker wakes); these
            // tests cover it for clusters that turn it on.
            wakeOnRequests: true,
            prometheus: {
              url: options?.prometheusUrl ?? prometheus.url,
              preset: 'ingress-nginx',
            },
            schedules: options?.schedules ?? [],
          },
        },
      }),
    );
    const fleet = new InMemoryFleet({ clock });
    const notifications = { send: jest.fn(async () => {}) };
    const status = AutoscalerStatusService.create({ store, clock });
    const autoscaler = SandboxAutoscaler.create({
      config,
      fleet,
      store,
      logger: mockServices.logger.mock(),
      notifications,
      metrics: AutoscalerMetrics.create({
        registry: new Registry(),
        getSavings: () => status.getSavings(),
      }),
      clock,
    });
    const cycleAt = async (minutes: number) => {
      now = at(minutes);
      return autoscaler.runCycle();
    };
    return { fleet, store, status, notifications, cycleAt };
  }

  it('keeps a busy sandbox up while an idle one is warned, then suspended with its evidence', async () => {
    const { fleet, notifications, status, cycleAt } = await setup();
    fleet.add({ name: 'busy' });
    fleet.add({ name: 'idle' });

    await cycleAt(70); // idle for 10 minutes: nothing yet
    expect(fleet.activity).toEqual([]);

    await cycleAt(86); // idle for 26 minutes: 25 + 5 minutes warning
    expect(fleet.activity).toEqual([
      expect.objectContaining({
        sandbox: 'idle',
        type: 'idle-warning',
        message:
          'No requests for 25 minutes: it will be scaled down in 5 minutes unless it is used',
      }),
    ]);
    expect(notifications.send).toHaveBeenCalledWith(
      expect.objectContaining({
        recipients: { type: 'entity', entityRef: 'user:default/jane' },
        payload: expect.objectContaining({ link: '/sandboxes/idle' }),
      }),
    );

    await cycleAt(88); // warned 2 minutes ago: wait
    expect(fleet.suspensions).toEqual([]);

    const cycle = await cycleAt(91); // idle for 31 minutes, warned 5 ago
    expect(cycle.queries).toBe(1);
    expect(fleet.suspensions).toHaveLength(1);
    const [suspension] = fleet.suspensions;
    expect(suspension).toMatchObject({
      sandbox: 'idle',
      actor: 'autoscaler',
      reason: 'No requests for 30 minutes',
    });
    const evidence = suspension.evidence as DecisionEvidence;
    expect(evidence).toMatchObject({
      source: 'prometheus',
      value: 0,
      threshold: 0,
      windowMinutes: 30,
      at: at(91).toISOString(),
    });
    expect(evidence.query).toContain(
      'increase(nginx_ingress_controller_requests[1800s])',
    );
    expect(fleet.sandboxes.get('busy')!.suspended).toBe(false);

    const idleStatus = await status.getSandboxStatus('idle');
    expect(idleStatus).toMatchObject({
      status: 'suspended',
      message:
        'Scaled down by the autoscaler: No requests for 30 minutes; requests wake it up',
      lastDecision: { action: 'suspended', evidence },
    });
    expect((await status.getSandboxStatus('busy')).status).toBe('active');
  });

  it('wakes a suspended sandbox on the next cycle after requests return, unless its owner is over quota', async () => {
    const { fleet, status, cycleAt } = await setup();
    fleet.add({ name: 'idle' });
    fleet.add({ name: 'quota' });
    fleet.overQuota.add('quota');

    await cycleAt(86);
    await cycleAt(91);
    expect(fleet.suspensions.map(s => s.sandbox).sort()).toEqual([
      'idle',
      'quota',
    ]);

    await cycleAt(100); // nobody back yet
    expect(fleet.resumptions).toEqual([]);

    await cycleAt(101.5); // requests since minute 100
    expect(fleet.resumptions).toEqual([
      expect.objectContaining({ sandbox: 'idle', actor: 'autoscaler' }),
    ]);
    expect(fleet.resumptions[0].reason).toMatch(
      /^\d+ requests in the last 2 minutes while scaled down$/,
    );
    expect(fleet.sandboxes.get('idle')!.suspended).toBe(false);
    expect(fleet.sandboxes.get('quota')!.suspended).toBe(true);
    expect(await status.getSandboxStatus('quota')).toMatchObject({
      status: 'suspended',
      message:
        'Could not wake it: user:default/jane is over the running sandboxes quota',
    });

    // Savings: 2 replicas × 0.5 CPU × 10.5 minutes for "idle", still open for "quota".
    const savings = await status.getSavings();
    const idle = savings.sandboxes.find(s => s.sandbox === 'idle')!;
    expect(idle.replicaHours).toBeCloseTo((2 * 10.5) / 60, 6);
    expect(idle.cpuCoreHours).toBeCloseTo((1 * 10.5) / 60, 6);
    expect(idle.memoryGibHours).toBeCloseTo((1 * 10.5) / 60, 6);
    expect(idle.suspendedSince).toBeUndefined();
    expect(savings.total.replicaHours).toBeCloseTo((2 * 21) / 60, 6);
  });

  it('does not scale down when a request not yet scraped at the first idle observation shows up before the scale-down', async () => {
    const { fleet, status, cycleAt } = await setup();
    fleet.add({ name: 'late' });

    await cycleAt(86.1); // the request at ~86.05 is not in Prometheus yet
    expect(fleet.activity.map(a => [a.sandbox, a.type])).toEqual([
      ['late', 'idle-warning'],
    ]);

    await cycleAt(91.1); // it is now: the warning period confirmed nothing
    expect(fleet.suspensions).toEqual([]);
    expect(await status.getSandboxStatus('late')).toMatchObject({
      status: 'active',
    });

    // Idle again from minute 86.25: warned anew, scaled down a window later.
    await cycleAt(111.5);
    expect(fleet.activity.map(a => a.type)).toEqual([
      'idle-warning',
      'idle-warning',
    ]);
    await cycleAt(116.5);
    expect(fleet.suspensions).toEqual([
      expect.objectContaining({ sandbox: 'late' }),
    ]);
  });

  it('wakes on the next cycle a sandbox scaled down just before Prometheus scraped its last request', async () => {
    const { fleet, cycleAt } = await setup();
    fleet.add({ name: 'tail' });

    await cycleAt(86);
    // No query can see a request made in the last scrape interval: the
    // limit of any rule on scraped metrics (README, Performance).
    await cycleAt(91.1);
    expect(fleet.suspensions).toEqual([
      expect.objectContaining({ sandbox: 'tail' }),
    ]);

    await cycleAt(92.1);
    expect(fleet.resumptions).toEqual([
      expect.objectContaining({ sandbox: 'tail', actor: 'autoscaler' }),
    ]);
    expect(fleet.sandboxes.get('tail')!.suspended).toBe(false);
  });

  it('leaves sandboxes alone inside their startup grace, pinned awake, or whose template opts out', async () => {
    const { fleet, status, cycleAt } = await setup();
    fleet.add({ name: 'fresh', createdAt: at(82) });
    fleet.add({ name: 'pinned', keepAwakeUntil: at(180) });
    fleet.add({ name: 'optout', autoscaling: { enabled: false } });

    await cycleAt(86);
    expect((await status.getSandboxStatus('fresh')).status).toBe('grace');
    // Out of its grace period but not yet idle for a whole window of its life.
    for (const minute of [91, 96, 101, 106]) await cycleAt(minute);
    expect(fleet.suspensions).toEqual([]);
    expect(fleet.activity).toEqual([]);
    expect(await status.getSandboxStatus('pinned')).toMatchObject({
      status: 'pinned',
      message: `Kept awake by its owner until ${at(180).toISOString()}`,
    });
    expect(await status.getSandboxStatus('optout')).toMatchObject({
      status: 'opted-out',
    });
  });

  it('suspends nothing while Prometheus is down, and says so in the status', async () => {
    const own = await startPrometheus({ openMetrics });
    const { fleet, status, cycleAt } = await setup({ prometheusUrl: own.url });
    fleet.add({ name: 'idle' });
    await cycleAt(86);
    expect(fleet.activity.map(a => a.type)).toEqual(['idle-warning']);

    await own.stop();
    const cycle = await cycleAt(91);
    await cycleAt(95);
    expect(cycle.suspended).toBe(0);
    expect(fleet.suspensions).toEqual([]);
    const [cluster] = await status.getClusterStatuses();
    expect(cluster).toMatchObject({
      cluster: 'local',
      healthy: false,
      lastSuccessAt: at(86).toISOString(),
    });
    expect(cluster.message).toMatch(
      /^Autoscaler paused: metrics unavailable \(Prometheus at http:\/\/127\.0\.0\.1:\d+ could not be reached/,
    );
    expect((await status.getSandboxStatus('idle')).message).toBe(
      cluster.message,
    );
  });

  it('suspends at the start of an off-hours schedule and resumes at its end, sparing sandboxes in use', async () => {
    const start = at(80);
    const end = at(95);
    const { fleet, cycleAt } = await setup({
      schedules: [
        {
          name: 'evenings',
          templates: ['web-app'],
          suspendCron: `${start.getUTCMinutes()} ${start.getUTCHours()} * * *`,
          resumeCron: `${end.getUTCMinutes()} ${end.getUTCHours()} * * *`,
          timeZone: 'UTC',
        },
      ],
    });
    fleet.add({ name: 'optout', autoscaling: { enabled: false } });
    fleet.add({ name: 'busy' });
    fleet.add({ name: 'other', template: 'database' });

    await cycleAt(79);
    expect(fleet.suspensions).toEqual([]);
    await cycleAt(80.5);
    expect(fleet.suspensions).toEqual([
      expect.objectContaining({
        sandbox: 'optout',
        reason: "Off-hours schedule 'evenings' started",
        evidence: expect.objectContaining({ schedule: 'evenings' }),
      }),
    ]);
    await cycleAt(81.5); // fired once only
    expect(fleet.suspensions).toHaveLength(1);
    await cycleAt(95.5);
    expect(fleet.resumptions).toEqual([
      expect.objectContaining({
        sandbox: 'optout',
        reason: "Off-hours schedule 'evenings' ended",
      }),
    ]);
  });
});
