import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CreateSandboxRequest,
  ListSandboxesRequest,
  ListSandboxesResponse,
  SandboxActivity,
  SandboxDetails,
  SandboxTemplateInfo,
  UpdateSandboxRequest,
} from '@sandboxkit/backstage-plugin-sandboxes-common';

/**
 * Who a call to the sandboxes backend is made for. The backend applies that
 * principal's permissions and quotas, so pass the user's credentials when
 * acting for a user and the plugin's own (`auth.getOwnServiceCredentials()`)
 * when acting for the plugin itself.
 *
 * @public
 */
export interface SandboxesServiceRequestOptions {
  credentials: BackstageCredentials;
}

/**
 * The sandboxes API as other backend plugins use it. Mirrors `SandboxesApi`
 * from `@sandboxkit/backstage-plugin-sandboxes-common`, with credentials in place of a
 * token: the service obtains a plugin-to-plugin token for them.
 *
 * Failed requests are thrown as `ResponseError` from `@backstage/errors`
 * (status code, the backend's error body and the response headers, e.g.
 * `Retry-After` of a quota refusal).
 *
 * @public
 */
export interface SandboxesService {
  listSandboxes(
    request: ListSandboxesRequest,
    options: SandboxesServiceRequestOptions,
  ): Promise<ListSandboxesResponse>;
  getSandbox(
    name: string,
    options: SandboxesServiceRequestOptions,
  ): Promise<SandboxDetails>;
  createSandbox(
    request: CreateSandboxRequest,
    options: SandboxesServiceRequestOptions,
  ): Promise<SandboxDetails>;
  updateSandbox(
    name: string,
    request: UpdateSandboxRequest,
    options: SandboxesServiceRequestOptions,
  ): Promise<SandboxDetails>;
  suspendSandbox(
    name: string,
    options: SandboxesServiceRequestOptions,
  ): Promise<SandboxDetails>;
  resumeSandbox(
    name: string,
    options: SandboxesServiceRequestOptions,
  ): Promise<SandboxDetails>;
  extendSandbox(
    name: string,
    minutes: number,
    options: SandboxesServiceRequestOptions,
  ): Promise<SandboxDetails>;
  reseedSandbox(
    name: string,
    options: SandboxesServiceRequestOptions,
  ): Promise<SandboxDetails>;
  keepAwake(
    name: string,
    until: string | null,
    options: SandboxesServiceRequestOptions,
  ): Promise<SandboxDetails>;
  deleteSandbox(
    name: string,
    options: SandboxesServiceRequestOptions,
  ): Promise<void>;
  getActivity(
    name: string,
    options: SandboxesServiceRequestOptions,
  ): Promise<{ items: SandboxActivity[] }>;
  listTemplates(
    options: SandboxesServiceRequestOptions,
  ): Promise<{ items: SandboxTemplateInfo[] }>;
}
