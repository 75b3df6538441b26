import { useEffect, useRef } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  SANDBOX_CHANGED_SIGNAL_CHANNEL,
  SandboxChangedSignal,
} from '@sandboxkit/backstage-plugin-sandboxes-common';

/**
 * Signals come in bursts while a sandbox starts (one per status write):
 * refresh once after the burst rather than once per signal.
 */
export const SIGNAL_COALESCE_MS = 250;

/**
 * Calls `refresh` soon after the backend signals a change to one of the
 * signed-in user's sandboxes that `matches` accepts. Without the signals
 * plugin in the app this does nothing and the views keep polling.
 */
export function useRefreshOnSandboxChange(
  refresh: () => unknown,
  matches: (signal: SandboxChangedSignal) => boolean = () => true,
) {
  const signalApi = useApiHolder().get(signalApiRef);
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  const matchesRef = useRef(matches);
  matchesRef.current = matches;

  useEffect(() => {
    if (!signalApi) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const subscription = signalApi.subscribe<SandboxChangedSignal>(
      SANDBOX_CHANGED_SIGNAL_CHANNEL,
      signal => {
        if (!matchesRef.current(signal) || timer) return;
        timer = setTimeout(() => {
          timer = undefined;
          refreshRef.current();
        }, SIGNAL_COALESCE_MS);
      },
    );
    return () => {
      subscription.unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [signalApi]);
}
