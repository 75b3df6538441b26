import { useSandboxesApi } from './useSandboxesApi';
import { useLiveData } from './useLiveData';

/** A sandbox with its page details and its activity, kept live. */
export function useSandbox(name: string, options?: { intervalMs?: number }) {
  const api = useSandboxesApi();
  return useLiveData(
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
}
