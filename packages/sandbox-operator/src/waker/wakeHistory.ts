import {
  SandboxPhase,
  SandboxStatus,
} from '@sandboxkit/backstage-plugin-sandboxes-common';

/** Wakes kept in status.recentWakeSeconds: enough for a stable median. */
const REMEMBERED_WAKES = 5;

/**
 * Seconds a wake took when this pass ends one: the sandbox turns Ready after
 * Resuming, which began when its workloads were scaled back up.
 */
export function wakeDurationSeconds(
  previous: SandboxStatus,
  phase: SandboxPhase,
  now: Date,
): number | undefined {
  if (phase !== 'Ready' || previous.phase !== 'Resuming') return undefined;
  const since = Date.parse(previous.phaseTransitionTime ?? '');
  if (!Number.isFinite(since)) return undefined;
  return Math.max(0, Math.round((now.getTime() - since) / 100) / 10);
}

/** Appends a wake's duration, keeping the newest few. */
export function rememberWake(
  recent: number[] | undefined,
  seconds: number,
): number[] {
  return [...(recent ?? []), seconds].slice(-REMEMBERED_WAKES);
}

/**
 * About how long this sandbox takes to wake: the median of its recent
 * wakes, else the configured default.
 */
export function expectedWakeSeconds(
  status: SandboxStatus | undefined,
  fallbackSeconds: number,
): number {
  const recent = [...(status?.recentWakeSeconds ?? [])].sort((a, b) => a - b);
  if (recent.length === 0) return fallbackSeconds;
  return Math.max(1, Math.ceil(recent[Math.floor(recent.length / 2)]));
}
