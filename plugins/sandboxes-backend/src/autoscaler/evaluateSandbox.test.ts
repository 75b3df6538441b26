import { SandboxState } from './AutoscalerStore';
import {
  ClusterActivity,
  evaluateSandbox,
  IdlePolicy,
  windowsFor,
} from './evaluateSandbox';
import { FleetSandbox } from './types';

const MINUTE = 60_000;
const NOW = Date.parse('2027-01-15T12:00:00Z');

const policy: IdlePolicy = {
  threshold: 0,
  idleWindowMinutes: 30,
  startupGraceMinutes: 10,
  warnBeforeMinutes: 5,
  wakeOnRequests: true,
  wakeThreshold: 0,
  wakeWindowMinutes: 2,
  toleranceMs: 30_000,
};

const sandbox = (overrides: Partial<FleetSandbox> = {}): FleetSandbox => ({
  name: 'demo',
  namespace: 'sandbox-demo',
  cluster: 'local',
  owner: 'user:default/jane',
  template: 'web-app',
  phase: 'Ready',
  suspended: false,
  createdAt: new Date(NOW - 120 * MINUTE),
  components: [{ name: 'web', replicas: 1 }],
  ...overrides,
});

const state = (overrides: Partial<SandboxState> = {}): SandboxState => ({
  sandbox: 'demo',
  cluster: 'local',
  status: 'active',
  statusMessage: '',
  updatedAt: NOW - MINUTE,
  ...overrides,
});

/** A healthy answer: requests per window in minutes for sandbox-demo. */
const answer = (
  perWindowMinutes?: Record<number, number>,
): ClusterActivity => ({
  healthy: true,
  source: 'prometheus',
  query: 'q',
  byNamespace: new Map(
    perWindowMinutes
      ? [
          [
            'sandbox-demo',
            new Map(
              Object.entries(perWindowMinutes).map(([m, v]) => [
                Number(m) * 60,
                v,
              ]),
            ),
          ],
        ]
      : [],
  ),
});

const evaluate = (
  s: FleetSandbox,
  activity: ClusterActivity,
  st?: SandboxState,
  p: IdlePolicy = policy,
) => evaluateSandbox({ sandbox: s, state: st, activity, now: NOW, policy: p });

describe('evaluateSandbox', () => {
  it('asks for the idle, warning and wake windows, honouring the template override', () => {
    expect(windowsFor(sandbox(), policy).sort((a, b) => a - b)).toEqual([
      120, 1500, 1800,
    ]);
    expect(
      windowsFor(
        sandbox({ autoscaling: { idleWindowMinutes: 60 } }),
        policy,
      ).sort((a, b) => a - b),
    ).toEqual([120, 3300, 3600]);
  });

  it('keeps a sandbox with a request in its window awake', () => {
    const result = evaluate(sandbox(), answer({ 30: 1, 25: 1, 2: 0 }));
    expect(result.verdict).toEqual({ action: 'none' });
    expect(result.status).toBe('active');
  });

  it('warns when the last request is older than the window minus the warning time', () => {
    const result = evaluate(sandbox(), answer({ 30: 1, 25: 0, 2: 0 }));
    expect(result.verdict).toMatchObject({
      action: 'warn',
      message:
        'No requests for 25 minutes: it will be scaled down in 5 minutes unless it is used',
      evidence: { windowMinutes: 25, value: 0 },
    });
  });

  it('counts activity at the threshold as idle and above it as use', () => {
    const p = { ...policy, threshold: 5, warnBeforeMinutes: 0 };
    expect(
      evaluate(sandbox(), answer({ 30: 5, 2: 0 }), undefined, p).verdict,
    ).toMatchObject({
      action: 'suspend',
      reason: 'At most 5 requests in 30 minutes',
    });
    expect(
      evaluate(sandbox(), answer({ 30: 6, 2: 0 }), undefined, p).verdict.action,
    ).toBe('none');
  });

  it('uses the template idle window instead of the default', () => {
    const s = sandbox({ autoscaling: { idleWindowMinutes: 60 } });
    const result = evaluate(
      s,
      answer({ 60: 0, 55: 0, 2: 0 }),
      state({ idleWarnedAt: NOW - 5 * MINUTE }),
    );
    expect(result.verdict).toMatchObject({
      action: 'suspend',
      reason: 'No requests for 1 hour',
      evidence: {
        windowMinutes: 60,
        value: 0,
        query: 'q',
        at: new Date(NOW).toISOString(),
      },
    });
  });

  it('stays awake when a namespace it saw recently is missing from a healthy answer', () => {
    const result = evaluate(
      sandbox(),
      answer(),
      state({ metricsSeenAt: NOW - 3 * MINUTE }),
    );
    expect(result.verdict).toEqual({ action: 'none' });
    expect(result.status).toBe('paused');
    expect(result.statusMessage).toBe(
      'Autoscaler paused: this sandbox is missing from the metrics answer',
    );
  });

  it('treats a namespace that never had a series as never requested', () => {
    expect(evaluate(sandbox(), answer()).verdict.action).toBe('warn');
  });

  it('stays awake when the metrics source failed', () => {
    const result = evaluate(sandbox(), { healthy: false, message: 'timeout' });
    expect(result.verdict).toEqual({ action: 'none' });
    expect(result.statusMessage).toBe(
      'Autoscaler paused: metrics unavailable (timeout)',
    );
  });

  it('treats a NaN answer (made infinite by the source) as use', () => {
    expect(
      evaluate(
        sandbox(),
        answer({
          30: Number.POSITIVE_INFINITY,
          25: Number.POSITIVE_INFINITY,
          2: 0,
        }),
      ).status,
    ).toBe('active');
  });

  it('never wakes a sandbox suspended by hand or by a schedule, even with requests', () => {
    const busy = answer({ 2: 40, 30: 40 });
    expect(evaluate(sandbox({ suspended: true }), busy).verdict.action).toBe(
      'none',
    );
    expect(
      evaluate(
        sandbox({ suspended: true }),
        busy,
        state({ suspendedBy: 'schedule:nights' }),
      ).statusMessage,
    ).toBe("Suspended by the off-hours schedule 'nights'");
    expect(
      evaluate(
        sandbox({ suspended: true }),
        busy,
        state({ suspendedBy: 'idle' }),
      ).verdict,
    ).toEqual({
      action: 'resume',
      requests: 40,
      reason: '40 requests in the last 2 minutes while scaled down',
    });
  });

  it('does not wake on the traffic it tolerated before scaling down', () => {
    const p = { ...policy, threshold: 3 };
    const s = sandbox({ suspended: true });
    expect(
      evaluate(s, answer({ 2: 3 }), state({ suspendedBy: 'idle' }), p).verdict
        .action,
    ).toBe('none');
    expect(
      evaluate(s, answer({ 2: 4 }), state({ suspendedBy: 'idle' }), p).verdict
        .action,
    ).toBe('resume');
  });

  it('waits out a sandbox that is not Ready', () => {
    expect(evaluate(sandbox({ phase: 'Provisioning' }), answer()).status).toBe(
      'not-running',
    );
  });

  it('gives a resumed sandbox a whole window again before calling it idle', () => {
    const s = sandbox({ lastResumedAt: new Date(NOW - 20 * MINUTE) });
    const result = evaluate(s, answer({ 30: 0, 25: 0, 2: 0 }));
    expect(result.status).toBe('active');
    expect(result.verdict.action).toBe('none');
  });

  it('warns late but still a full warning period ahead when the warning was missed', () => {
    const idle = answer({ 30: 0, 25: 0, 2: 0 });
    const first = evaluate(sandbox(), idle);
    expect(first.verdict).toMatchObject({
      action: 'warn',
      message:
        'No requests for 30 minutes: it will be scaled down in 5 minutes unless it is used',
    });
    expect(
      evaluate(sandbox(), idle, state({ idleWarnedAt: NOW - 2 * MINUTE }))
        .verdict.action,
    ).toBe('none');
    expect(
      evaluate(
        sandbox(),
        idle,
        state({ idleWarnedAt: NOW - 5 * MINUTE + 10_000 }),
      ).verdict.action,
    ).toBe('suspend');
  });

  it('suspends without warning when warnings are off', () => {
    const p = { ...policy, warnBeforeMinutes: 0 };
    expect(
      evaluate(sandbox(), answer({ 30: 0, 2: 0 }), undefined, p).verdict.action,
    ).toBe('suspend');
  });
});
