import {
  CreateSandboxRequest,
  ListSandboxesRequest,
  ListSandboxesResponse,
  SandboxActivity,
  SandboxDetails,
  SandboxTemplateInfo,
  UpdateSandboxRequest,
} from './types';

/** Options each call may carry (a token when called from a backend). @public */
export interface RequestOptions {
  token?: string;
}

/**
 * The sandboxes API as the frontend, the scaffolder module and other
 * backend plugins see it. Implemented by `SandboxesClient`.
 *
 * @public
 */
export interface SandboxesApi {
  listSandboxes(
    request?: ListSandboxesRequest,
    options?: RequestOptions,
  ): Promise<ListSandboxesResponse>;
  getSandbox(name: string, options?: RequestOptions): Promise<SandboxDetails>;
  createSandbox(
    request: CreateSandboxRequest,
    options?: RequestOptions,
  ): Promise<SandboxDetails>;
  /** Changes display name, size, images, mutable parameters or followed branches. */
  updateSandbox(
    name: string,
    request: UpdateSandboxRequest,
    options?: RequestOptions,
  ): Promise<SandboxDetails>;
  suspendSandbox(
    name: string,
    options?: RequestOptions,
  ): Promise<SandboxDetails>;
  resumeSandbox(
    name: string,
    options?: RequestOptions,
  ): Promise<SandboxDetails>;
  extendSandbox(
    name: string,
    minutes: number,
    options?: RequestOptions,
  ): Promise<SandboxDetails>;
  reseedSandbox(
    name: string,
    options?: RequestOptions,
  ): Promise<SandboxDetails>;
  keepAwake(
    name: string,
    until: string | null,
    options?: RequestOptions,
  ): Promise<SandboxDetails>;
  deleteSandbox(name: string, options?: RequestOptions): Promise<void>;
  getActivity(
    name: string,
    options?: RequestOptions,
  ): Promise<{ items: SandboxActivity[] }>;
  listTemplates(
    options?: RequestOptions,
  ): Promise<{ items: SandboxTemplateInfo[] }>;
}
