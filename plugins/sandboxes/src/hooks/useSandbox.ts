import { useSandboxesApi } from './useSandboxesApi';
import { useLiveData } from './useLiveData';
import { useRefreshOnSandboxChange } from './useRefreshOnSandboxChange';

/** A sandbox with its page details and its activity, kept live. */
export function useSandbox(name: string, options?: { intervalMs?: number }) {
  const api = useSandboxesApi();
  const live = useLiveData(
    async () => {
      const [sandbox, activity] = await Promise.all([
        api.getSandbox(name),
        api.getActivity(name),
      ]);
      return { sandbox, activity: activity.items };
    },
    [api, name],
    options,
  );
  useRefreshOnSandboxChange(live.refresh, signal => signal.name === name);
  return live;
}
