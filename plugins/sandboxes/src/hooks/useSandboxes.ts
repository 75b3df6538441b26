import { ListSandboxesRequest } from '@internal/plugin-sandboxes-common';
import { useSandboxesApi } from './useSandboxesApi';
import { useLiveData } from './useLiveData';

/** One page of sandboxes matching `request`, kept live. */
export function useSandboxes(
  request: ListSandboxesRequest,
  options?: { intervalMs?: number },
) {
  const api = useSandboxesApi();
  return useLiveData(
    () => api.listSandboxes(request),
    [api, JSON.stringify(request)],
    options,
  );
}
