import { useApi } from '@backstage/core-plugin-api';
import { sandboxesApiRef } from '../api';

export function useSandboxesApi() {
  return useApi(sandboxesApiRef);
}
