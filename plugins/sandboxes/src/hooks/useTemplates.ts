import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useSandboxesApi } from './useSandboxesApi';

/** The templates a sandbox can be created from. */
export function useTemplates() {
  const api = useSandboxesApi();
  return useAsyncRetry(async () => (await api.listTemplates()).items, [api]);
}
