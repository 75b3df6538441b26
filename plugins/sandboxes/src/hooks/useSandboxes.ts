import { ListSandboxesRequest } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { useSandboxesApi } from './useSandboxesApi';
import { useLiveData } from './useLiveData';
import { useRefreshOnSandboxChange } from './useRefreshOnSandboxChange';

/** One page of sandboxes matching `request`, kept live. */
export function useSandboxes(
  request: ListSandboxesRequest,
  options?: { intervalMs?: number },
) {
  const api = useSandboxesApi();
  const live = useLiveData(
    () => api.listSandboxes(request),
    [api, JSON.stringify(request)],
    options,
  );
  // Any of the user's sandboxes may be on this page (or join it).
  useRefreshOnSandboxChange(live.refresh);
  return live;
}
