import { DateTime } from 'luxon';
import {
  Condition,
  Sandbox,
  SandboxConditionTypes,
  SandboxPhase,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { clockTime } from './time';

/** How a status is drawn: maps onto core-components' Status* icons. */
export type StatusTone = 'ok' | 'pending' | 'sleeping' | 'error' | 'aborted';

/** The word shown in status chips, per phase. */
const PHASE_WORDS: Record<SandboxPhase, { label: string; tone: StatusTone }> = {
  Pending: { label: 'Starting…', tone: 'pending' },
  Provisioning: { label: 'Starting…', tone: 'pending' },
  Ready: { label: 'Ready', tone: 'ok' },
  Suspending: { label: 'Going to sleep…', tone: 'pending' },
  Suspended: { label: 'Sleeping', tone: 'sleeping' },
  Resuming: { label: 'Waking up…', tone: 'pending' },
  Expired: { label: 'Expired', tone: 'aborted' },
  Failed: { label: 'Failed', tone: 'error' },
  Deleting: { label: 'Deleting…', tone: 'aborted' },
};

/** Phases a user can pick in the status filter, with their words. */
export const STATUS_FILTER_CHOICES: Array<{
  phase: SandboxPhase;
  label: string;
}> = (
  [
    'Ready',
    'Provisioning',
    'Suspended',
    'Resuming',
    'Failed',
    'Expired',
    'Deleting',
  ] as SandboxPhase[]
).map(phase => ({ phase, label: PHASE_WORDS[phase].label }));

export function statusWord(phase: SandboxPhase) {
  return PHASE_WORDS[phase] ?? { label: phase, tone: 'pending' as const };
}

/** Phases in which the status keeps changing on its own. */
export function isTransient(phase: SandboxPhase) {
  return statusWord(phase).tone === 'pending' || phase === 'Deleting';
}

function findCondition(sandbox: Sandbox, type: string): Condition | undefined {
  return sandbox.conditions.find(c => c.type === type);
}

/** The first condition that is not fine, for "why is it not ready". */
function firstProblem(sandbox: Sandbox): Condition | undefined {
  return sandbox.conditions.find(
    c =>
      c.status !== 'True' &&
      c.type !== SandboxConditionTypes.Suspended &&
      c.message,
  );
}

/** When it fell asleep: the Suspended condition's transition time. */
export function sleepingSince(sandbox: Sandbox): string | undefined {
  const suspended = findCondition(sandbox, SandboxConditionTypes.Suspended);
  return suspended?.status === 'True'
    ? suspended.lastTransitionTime
    : undefined;
}

export interface StatusHeadline {
  title: string;
  detail?: string;
  /** Offer the "Wake it up" action next to the headline. */
  offerWake?: boolean;
}

/** The sentence at the top of a sandbox page, for people who never saw a pod. */
export function statusHeadline(
  sandbox: Sandbox,
  now: DateTime = DateTime.now(),
): StatusHeadline {
  const problem = firstProblem(sandbox);
  switch (sandbox.phase) {
    case 'Ready':
      return {
        title: 'Your sandbox is ready',
        detail: sandbox.url
          ? `Open it at ${sandbox.url}`
          : 'It has no web address; use the connect commands below.',
      };
    case 'Pending':
    case 'Provisioning':
      return {
        title: 'Your sandbox is being created',
        detail:
          problem?.message ??
          'This usually takes a minute or two. This page updates by itself.',
      };
    case 'Suspending':
      return {
        title: 'Your sandbox is going to sleep',
        detail: 'Everything is kept; it stops using resources in a moment.',
      };
    case 'Suspended': {
      const since = sleepingSince(sandbox);
      const title = since
        ? `Sleeping since ${clockTime(since, now)}`
        : 'Sleeping';
      return {
        title: sandbox.suspendReason
          ? `${title} because ${sandbox.suspendReason}`
          : title,
        detail:
          'Nothing is lost. Wake it up to use it again; it takes about a minute.',
        offerWake: true,
      };
    }
    case 'Resuming':
      return {
        title: 'Waking up',
        detail: 'This usually takes a minute. This page updates by itself.',
      };
    case 'Failed':
      return {
        title: 'Something went wrong with this sandbox',
        detail:
          problem?.message ??
          'Try reseeding it or delete it and create a new one.',
      };
    case 'Expired':
      return {
        title: 'This sandbox has expired',
        detail: 'It reached the end of its lifetime and is being removed.',
      };
    case 'Deleting':
      return {
        title: 'This sandbox is being deleted',
        detail: 'Its data and its address are going away.',
      };
    default:
      return { title: sandbox.phase };
  }
}
