import { SavingsRow } from './AutoscalerStore';
import { observeSavings, runningCapacity, summarizeSavings } from './savings';
import { FleetSandbox } from './types';

const HOUR = 3_600_000;
const GIB = 1024 ** 3;
const T = Date.parse('2027-01-15T08:00:00Z');

const sandbox = (overrides: Partial<FleetSandbox> = {}): FleetSandbox => ({
  name: 'demo',
  namespace: 'sandbox-demo',
  cluster: 'local',
  owner: 'user:default/jane',
  template: 'web-app',
  phase: 'Ready',
  suspended: false,
  createdAt: new Date(T - 10 * HOUR),
  components: [
    { name: 'web', replicas: 2, cpuCores: 0.5, memoryBytes: GIB },
    { name: 'db', replicas: 1, cpuCores: 1, memoryBytes: 2 * GIB },
  ],
  ...overrides,
});

describe('savings', () => {
  it('sums replicas and requests × replicas over components', () => {
    expect(runningCapacity(sandbox())).toEqual({
      replicas: 3,
      cpuCores: 2,
      memoryBytes: 4 * GIB,
    });
  });

  it('opens an interval when suspended and writes nothing more while it stays so', () => {
    const opened = observeSavings(undefined, sandbox({ suspended: true }), T)!;
    expect(opened).toMatchObject({
      openSince: T,
      openReplicas: 3,
      replicaHours: 0,
    });
    expect(
      observeSavings(opened, sandbox({ suspended: true }), T + HOUR),
    ).toBeUndefined();
    expect(observeSavings(undefined, sandbox(), T)).toBeUndefined();
  });

  it('closes the interval at the resume time the fleet reports, adding replica, CPU and memory hours', () => {
    const opened = observeSavings(undefined, sandbox({ suspended: true }), T)!;
    const closed = observeSavings(
      opened,
      sandbox({ lastResumedAt: new Date(T + 2 * HOUR) }),
      T + 2 * HOUR + 60_000,
    )!;
    expect(closed).toMatchObject({
      openSince: undefined,
      replicaHours: 6,
      cpuCoreHours: 4,
      memoryGibHours: 8,
    });
  });

  it('counts open intervals up to now in the fleet totals', () => {
    const rows: SavingsRow[] = [
      {
        ...observeSavings(undefined, sandbox({ suspended: true }), T)!,
        replicaHours: 1,
      },
      {
        ...observeSavings(
          undefined,
          sandbox({ name: 'b', suspended: true }),
          T,
        )!,
        openSince: undefined,
        replicaHours: 10,
        cpuCoreHours: 5,
        memoryGibHours: 2,
      },
    ];
    const summary = summarizeSavings(rows, T + HOUR);
    expect(summary.total).toEqual({
      replicaHours: 14,
      cpuCoreHours: 7,
      memoryGibHours: 6,
    });
    expect(summary.sandboxes[0].suspendedSince).toBe(new Date(T).toISOString());
    expect(summary.sandboxes[1].suspendedSince).toBeUndefined();
  });
});
