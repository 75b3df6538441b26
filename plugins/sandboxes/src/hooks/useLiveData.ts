import { useCallback, useEffect, useRef, useState } from 'react';

/** How often live views ask for fresh status. */
export const LIVE_REFRESH_MS = 5000;

export interface LiveData<T> {
  value?: T;
  error?: Error;
  /** True until the first answer for the current inputs arrives. */
  loading: boolean;
  /** Ask again now (after an action, or from a "Try again" button). */
  refresh: () => Promise<void>;
}

function isPageVisible() {
  return (
    typeof document === 'undefined' || document.visibilityState !== 'hidden'
  );
}

/**
 * Loads data and keeps it fresh: asks again every `intervalMs` while the
 * browser tab is visible, pauses while it is hidden and catches up as soon as
 * it is shown again. Answers to superseded requests are dropped, so a slow
 * answer for old filters never overwrites a newer one. The last good value is
 * kept while a refresh is under way or fails, so tables do not flicker.
 */
export function useLiveData<T>(
  load: () => Promise<T>,
  deps: unknown[],
  options: { intervalMs?: number; enabled?: boolean } = {},
): LiveData<T> {
  const { intervalMs = LIVE_REFRESH_MS, enabled = true } = options;
  const [state, setState] = useState<{
    value?: T;
    error?: Error;
    loading: boolean;
  }>({ loading: true });
  const latestRequest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const refresh = useCallback(async () => {
    const request = ++latestRequest.current;
    try {
      const value = await loadRef.current();
      if (request === latestRequest.current) {
        setState({ value, loading: false });
      }
    } catch (e) {
      if (request === latestRequest.current) {
        const error = e instanceof Error ? e : new Error(String(e));
        setState(previous => ({
          value: previous.value,
          error,
          loading: false,
        }));
      }
    }
  }, []);

  useEffect(() => {
    setState(previous => ({ value: previous.value, loading: true }));
    refresh();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  useEffect(() => {
    if (!enabled || intervalMs <= 0) {
      return undefined;
    }
    const timer = setInterval(() => {
      if (isPageVisible()) {
        refresh();
      }
    }, intervalMs);
    const onVisibilityChange = () => {
      if (isPageVisible()) {
        refresh();
      }
    };
    document.addEventListener('visibilitychange', onVisibilityChange);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibilityChange);
      // Drop answers that arrive after the view is gone or inputs changed.
    };
  }, [enabled, intervalMs, refresh]);

  useEffect(
    () => () => {
      latestRequest.current++;
    },
    [],
  );

  return { ...state, refresh };
}
