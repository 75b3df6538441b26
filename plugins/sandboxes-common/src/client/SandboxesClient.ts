import { ResponseError } from '@backstage/errors';
import { RequestOptions, SandboxesApi } from '../api/SandboxesApi';
import {
  CreateSandboxRequest,
  ListSandboxesRequest,
  ListSandboxesResponse,
  SandboxActivity,
  SandboxDetails,
  SandboxTemplateInfo,
  UpdateSandboxRequest,
} from '../api/types';

/** The plugin id under which the sandboxes backend is mounted. @public */
export const SANDBOXES_PLUGIN_ID = 'sandboxes';

/**
 * What the client needs to find the backend; Backstage's DiscoveryApi (frontend)
 * and DiscoveryService (backend) both fit.
 *
 * @public
 */
export interface SandboxesClientDiscovery {
  getBaseUrl(pluginId: string): Promise<string>;
}

/**
 * What the client uses to send requests; Backstage's FetchApi fits (it adds the
 * user's token in the frontend). Defaults to the global fetch.
 *
 * @public
 */
export interface SandboxesClientFetch {
  fetch: typeof fetch;
}

/** @public */
export interface SandboxesClientOptions {
  discoveryApi: SandboxesClientDiscovery;
  fetchApi?: SandboxesClientFetch;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * Typed HTTP client of the sandboxes backend REST API. Isomorphic: the frontend
 * passes its fetchApi, backends pass a token in each call's options.
 * Non-2xx answers are thrown as `ResponseError` (the backend's error body is
 * kept on `error.body`, the response on `error.response`, so callers can read
 * `Retry-After` of a quota refusal).
 *
 * @public
 */
export class SandboxesClient implements SandboxesApi {
  readonly #discoveryApi: SandboxesClientDiscovery;
  readonly #fetchApi: SandboxesClientFetch;

  constructor(options: SandboxesClientOptions) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi ?? {
      fetch: (input, init) => fetch(input, init),
    };
  }

  async listSandboxes(
    request: ListSandboxesRequest = {},
    options?: RequestOptions,
  ): Promise<ListSandboxesResponse> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(request)) {
      if (value !== undefined && value !== null && value !== '') {
        query.set(key, String(value));
      }
    }
    const search = query.toString();
    return this.#request<ListSandboxesResponse>(
      'GET',
      search ? `/sandboxes?${search}` : '/sandboxes',
      options,
    );
  }

  async getSandbox(
    name: string,
    options?: RequestOptions,
  ): Promise<SandboxDetails> {
    return this.#request('GET', sandboxPath(name), options);
  }

  async createSandbox(
    request: CreateSandboxRequest,
    options?: RequestOptions,
  ): Promise<SandboxDetails> {
    return this.#request('POST', '/sandboxes', options, request);
  }

  async updateSandbox(
    name: string,
    request: UpdateSandboxRequest,
    options?: RequestOptions,
  ): Promise<SandboxDetails> {
    return this.#request('PATCH', sandboxPath(name), options, request);
  }

  async suspendSandbox(
    name: string,
    options?: RequestOptions,
  ): Promise<SandboxDetails> {
    return this.#request('POST', sandboxPath(name, 'suspend'), options, {});
  }

  async resumeSandbox(
    name: string,
    options?: RequestOptions,
  ): Promise<SandboxDetails> {
    return this.#request('POST', sandboxPath(name, 'resume'), options, {});
  }

  async extendSandbox(
    name: string,
    minutes: number,
    options?: RequestOptions,
  ): Promise<SandboxDetails> {
    return this.#request('POST', sandboxPath(name, 'extend'), options, {
      minutes,
    });
  }

  async reseedSandbox(
    name: string,
    options?: RequestOptions,
  ): Promise<SandboxDetails> {
    return this.#request('POST', sandboxPath(name, 'reseed'), options, {});
  }

  async keepAwake(
    name: string,
    until: string | null,
    options?: RequestOptions,
  ): Promise<SandboxDetails> {
    return this.#request('POST', sandboxPath(name, 'keep-awake'), options, {
      until,
    });
  }

  async deleteSandbox(name: string, options?: RequestOptions): Promise<void> {
    await this.#request<void>('DELETE', sandboxPath(name), options);
  }

  async getActivity(
    name: string,
    options?: RequestOptions,
  ): Promise<{ items: SandboxActivity[] }> {
    return this.#request('GET', sandboxPath(name, 'activity'), options);
  }

  async listTemplates(
    options?: RequestOptions,
  ): Promise<{ items: SandboxTemplateInfo[] }> {
    return this.#request('GET', '/templates', options);
  }

  async #request<T>(
    method: Method,
    path: string,
    options: RequestOptions | undefined,
    body?: unknown,
  ): Promise<T> {
    const baseUrl = await this.#discoveryApi.getBaseUrl(SANDBOXES_PLUGIN_ID);
    const headers: Record<string, string> = {};
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (options?.token) {
      headers.Authorization = `Bearer ${options.token}`;
    }
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    if (response.status === 204) {
      return undefined as T;
    }
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

function sandboxPath(name: string, action?: string): string {
  const base = `/sandboxes/${encodeURIComponent(name)}`;
  return action ? `${base}/${action}` : base;
}
