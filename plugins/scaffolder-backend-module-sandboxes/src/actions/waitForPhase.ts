import {
  Condition,
  SandboxDetails,
  SandboxPhase,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import {
  SandboxesService,
  SandboxesServiceRequestOptions,
} from '@sandboxkit/backstage-plugin-sandboxes-node';
import { explainSandboxesError } from './sandboxesErrors';

/** Phases a sandbox does not leave on its own towards Ready. */
const DEAD_ENDS: SandboxPhase[] = ['Failed', 'Expired', 'Deleting'];

/** @public */
export interface WaitOptions {
  name: string;
  phase: SandboxPhase;
  timeoutSeconds: number;
  pollIntervalMs: number;
  signal?: AbortSignal;
  /** Called when the phase changes, to log progress. */
  onPhase?: (sandbox: SandboxDetails) => void;
}

/**
 * A sandbox that did not reach the phase in time, or reached a phase it
 * cannot leave. The message says where it stands and why.
 *
 * @public
 */
export class SandboxWaitError extends Error {
  name = 'SandboxWaitError';
  constructor(message: string, readonly sandbox: SandboxDetails) {
    super(message);
  }
}

/**
 * Polls the sandbox until it is in the wanted phase. Fails at once when it
 * lands in a dead end (Failed, Expired, Deleting), and at the timeout with
 * its last phase and conditions.
 */
export async function waitForPhase(
  sandboxes: Pick<SandboxesService, 'getSandbox'>,
  credentials: SandboxesServiceRequestOptions,
  options: WaitOptions,
): Promise<SandboxDetails> {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  let lastPhase: SandboxPhase | undefined;
  for (;;) {
    const sandbox = await sandboxes
      .getSandbox(options.name, credentials)
      .catch(error => {
        throw explainSandboxesError(error, `read sandbox "${options.name}"`);
      });
    if (sandbox.phase !== lastPhase) {
      lastPhase = sandbox.phase;
      options.onPhase?.(sandbox);
    }
    if (sandbox.phase === options.phase) {
      return sandbox;
    }
    if (
      DEAD_ENDS.includes(sandbox.phase) &&
      !DEAD_ENDS.includes(options.phase)
    ) {
      throw new SandboxWaitError(
        `Sandbox "${options.name}" will not become ${options.phase}: it is ${
          sandbox.phase
        }. ${describeConditions(sandbox.conditions)}`,
        sandbox,
      );
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new SandboxWaitError(
        `Sandbox "${options.name}" was not ${options.phase} after ${
          options.timeoutSeconds
        } seconds; it is still ${sandbox.phase}. ${describeConditions(
          sandbox.conditions,
        )}`,
        sandbox,
      );
    }
    // The last poll lands on the deadline, so a sandbox that becomes ready
    // just in time is not reported as late.
    await sleep(Math.min(options.pollIntervalMs, remaining), options.signal);
  }
}

/** "Conditions: Ready=False (ImagePullFailed): image … not found." */
export function describeConditions(conditions: Condition[]): string {
  if (conditions.length === 0) {
    return 'It reports no conditions yet.';
  }
  // Condition messages are sentences; drop their final full stop so the
  // list reads "…: a; b." rather than "…: a.; b..".
  const parts = conditions.map(c => {
    const message = c.message.replace(/\.\s*$/, '');
    return `${c.type}=${c.status} (${c.reason})${
      message ? `: ${message}` : ''
    }`;
  });
  return `Conditions: ${parts.join('; ')}.`;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Error('Waiting for the sandbox was cancelled'));
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('Waiting for the sandbox was cancelled'));
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
