import { SandboxPhase } from '../crd/types';

/**
 * The signals channel on which the backend tells a sandbox's owners that it
 * changed, so their pages refresh at once instead of on the next poll.
 *
 * @public
 */
export const SANDBOX_CHANGED_SIGNAL_CHANNEL = 'sandboxes:changed';

/**
 * What a signal on {@link SANDBOX_CHANGED_SIGNAL_CHANNEL} carries. It goes to
 * the sandbox's owner only (a user, or the members of a group), so it may
 * name the sandbox; readers fetch the details through the API, which applies
 * their permissions.
 *
 * @public
 */
export type SandboxChangedSignal = {
  name: string;
  /** The phase after the change; absent when the sandbox is gone. */
  phase?: SandboxPhase;
  removed?: boolean;
};
