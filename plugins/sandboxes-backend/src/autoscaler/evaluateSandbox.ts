import { AutoscalerSandboxStatus, SandboxState } from './AutoscalerStore';
import { DecisionEvidence, FleetSandbox } from './types';

/** The idle rules, resolved from configuration. */
export interface IdlePolicy {
  threshold: number;
  idleWindowMinutes: number;
  startupGraceMinutes: number;
  warnBeforeMinutes: number;
  wakeOnRequests: boolean;
  wakeThreshold: number;
  wakeWindowMinutes: number;
  /** Half a cycle: absorbs scheduling jitter when comparing with the warning time. */
  toleranceMs: number;
}

/** What the metrics source said about the cluster this cycle. */
export type ClusterActivity =
  | {
      healthy: true;
      source: string;
      query: string;
      byNamespace: Map<string, Map<number, number>>;
    }
  | { healthy: false; message: string };

export type SandboxVerdict =
  | { action: 'none' }
  | { action: 'warn'; message: string; evidence: DecisionEvidence }
  | { action: 'suspend'; reason: string; evidence: DecisionEvidence }
  | { action: 'resume'; reason: string; requests: number };

export interface SandboxEvaluation {
  verdict: SandboxVerdict;
  status: AutoscalerSandboxStatus;
  statusMessage: string;
  /** Whether the namespace had a series in this answer. */
  seenInAnswer: boolean;
}

const MINUTE = 60_000;

export function idleWindowMinutesOf(
  sandbox: FleetSandbox,
  policy: IdlePolicy,
): number {
  return sandbox.autoscaling?.idleWindowMinutes ?? policy.idleWindowMinutes;
}

/** The window lengths (seconds) a sandbox needs answered. */
export function windowsFor(
  sandbox: FleetSandbox,
  policy: IdlePolicy,
): number[] {
  const idle = idleWindowMinutesOf(sandbox, policy);
  const windows = [idle * 60, policy.wakeWindowMinutes * 60];
  if (policy.warnBeforeMinutes > 0)
    windows.push(warnWindowMinutes(idle, policy) * 60);
  return windows;
}

function warnWindowMinutes(idleMinutes: number, policy: IdlePolicy): number {
  return Math.max(
    idleMinutes - policy.warnBeforeMinutes,
    policy.wakeWindowMinutes,
  );
}

function formatMinutes(minutes: number): string {
  if (minutes % 60 === 0 && minutes >= 60) {
    const hours = minutes / 60;
    return `${hours} hour${hours === 1 ? '' : 's'}`;
  }
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

function idleReason(minutes: number, threshold: number): string {
  return threshold > 0
    ? `At most ${threshold} requests in ${formatMinutes(minutes)}`
    : `No requests for ${formatMinutes(minutes)}`;
}

function describeSuspension(state: SandboxState | undefined): string {
  if (state?.suspendedBy === 'idle') {
    return `Scaled down by the autoscaler: ${
      state.lastDecision?.message ?? 'idle'
    }; requests wake it up`;
  }
  if (state?.suspendedBy?.startsWith('schedule:')) {
    return `Suspended by the off-hours schedule '${state.suspendedBy.slice(
      'schedule:'.length,
    )}'`;
  }
  return 'Suspended by hand; resume it from the portal';
}

/**
 * Decides what to do with one sandbox this cycle. Pure: the cycle applies the
 * verdict. Every doubt resolves to "stay awake".
 */
export function evaluateSandbox(options: {
  sandbox: FleetSandbox;
  state?: SandboxState;
  activity: ClusterActivity;
  now: number;
  policy: IdlePolicy;
}): SandboxEvaluation {
  const { sandbox, state, activity, now, policy } = options;
  const windows =
    sandbox.namespace && activity.healthy
      ? activity.byNamespace.get(sandbox.namespace)
      : undefined;
  const seenInAnswer = windows !== undefined;
  const result = (
    status: AutoscalerSandboxStatus,
    statusMessage: string,
    verdict: SandboxVerdict = { action: 'none' },
  ): SandboxEvaluation => ({ verdict, status, statusMessage, seenInAnswer });

  if (sandbox.suspended) {
    const wakeable = state?.suspendedBy === 'idle' && policy.wakeOnRequests;
    if (!wakeable) return result('suspended', describeSuspension(state));
    if (!activity.healthy) {
      return result(
        'suspended',
        `Autoscaler paused: metrics unavailable (${activity.message}); it wakes on requests once metrics are back`,
      );
    }
    const requests = windows?.get(policy.wakeWindowMinutes * 60) ?? 0;
    // Traffic from before the scale-down is at most `threshold`, so only
    // more than that proves someone came back.
    if (requests > Math.max(policy.wakeThreshold, policy.threshold)) {
      return result('suspended', describeSuspension(state), {
        action: 'resume',
        requests,
        reason: `${Math.round(requests)} requests in the last ${formatMinutes(
          policy.wakeWindowMinutes,
        )} while scaled down`,
      });
    }
    return result('suspended', describeSuspension(state));
  }

  if (sandbox.phase !== 'Ready') {
    return result('not-running', `Not running (${sandbox.phase})`);
  }
  if (sandbox.autoscaling?.enabled === false) {
    return result('opted-out', 'Its template opts out of idle scale-down');
  }
  if (sandbox.keepAwakeUntil && sandbox.keepAwakeUntil.getTime() > now) {
    return result(
      'pinned',
      `Kept awake by its owner until ${sandbox.keepAwakeUntil.toISOString()}`,
    );
  }
  const startedAt = Math.max(
    sandbox.createdAt.getTime(),
    sandbox.lastResumedAt?.getTime() ?? 0,
  );
  if (now - startedAt < policy.startupGraceMinutes * MINUTE) {
    return result(
      'grace',
      `Started less than ${formatMinutes(policy.startupGraceMinutes)} ago`,
    );
  }
  if (!activity.healthy) {
    return result(
      'paused',
      `Autoscaler paused: metrics unavailable (${activity.message})`,
    );
  }
  if (!sandbox.namespace) {
    return result(
      'paused',
      'Autoscaler paused: the sandbox has no namespace yet',
    );
  }

  const idleMinutes = idleWindowMinutesOf(sandbox, policy);
  // A namespace seen recently that vanished from a healthy answer means the
  // metrics broke, not that nobody came: wait. Long gone counts as no traffic.
  const expected =
    state?.metricsSeenAt !== undefined &&
    now - state.metricsSeenAt < 2 * idleMinutes * MINUTE;
  if (!seenInAnswer && expected) {
    return result(
      'paused',
      'Autoscaler paused: this sandbox is missing from the metrics answer',
    );
  }
  const evidence = (windowMinutes: number): DecisionEvidence => ({
    query: activity.query,
    source: activity.source,
    value: windows?.get(windowMinutes * 60) ?? null,
    threshold: policy.threshold,
    windowMinutes,
    at: new Date(now).toISOString(),
  });
  // Idle means idle for the whole window while it existed and ran: a
  // sandbox started 20 minutes ago has not been idle for 30.
  const idleFor = (windowMinutes: number) =>
    now - startedAt >= windowMinutes * MINUTE - policy.toleranceMs &&
    (windows?.get(windowMinutes * 60) ?? 0) <= policy.threshold;
  const warned = state?.idleWarnedAt !== undefined;
  const warnMinutes = warnWindowMinutes(idleMinutes, policy);
  const warning = (minutes: number): SandboxEvaluation => {
    const message = `${idleReason(
      minutes,
      policy.threshold,
    )}: it will be scaled down in ${formatMinutes(
      policy.warnBeforeMinutes,
    )} unless it is used`;
    return result('idle-warned', message, {
      action: 'warn',
      message,
      evidence: evidence(minutes),
    });
  };
  const waiting = () =>
    result(
      'idle-warned',
      `${idleReason(
        warnMinutes,
        policy.threshold,
      )}: scaling down soon unless it is used`,
    );

  if (idleFor(idleMinutes)) {
    const reason = idleReason(idleMinutes, policy.threshold);
    const warnedLongEnough =
      policy.warnBeforeMinutes === 0 ||
      (warned &&
        now - state!.idleWarnedAt! >=
          policy.warnBeforeMinutes * MINUTE - policy.toleranceMs);
    if (warnedLongEnough) {
      return result('idle-warned', reason, {
        action: 'suspend',
        reason,
        evidence: evidence(idleMinutes),
      });
    }
    // Idle for the whole window but never warned (e.g. the backend was down
    // when the warning was due): warn now, scale down a warning period later.
    return warned ? waiting() : warning(idleMinutes);
  }
  if (policy.warnBeforeMinutes > 0 && idleFor(warnMinutes)) {
    return warned ? waiting() : warning(warnMinutes);
  }
  return result(
    'active',
    `In use: requests in the last ${formatMinutes(idleMinutes)}`,
  );
}
