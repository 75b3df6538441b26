import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import {
  CreateSandboxRequest,
  ListSandboxesRequest,
  ListSandboxesResponse,
  RequestOptions,
  SANDBOXES_PLUGIN_ID,
  SandboxActivity,
  SandboxDetails,
  SandboxesApi,
  SandboxesClient,
  SandboxTemplateInfo,
  UpdateSandboxRequest,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import {
  SandboxesService,
  SandboxesServiceRequestOptions,
} from './SandboxesService';

/**
 * The default {@link SandboxesService}: the typed HTTP client of the sandboxes
 * backend, called with a plugin request token issued on behalf of the given
 * credentials.
 *
 * @public
 */
export class DefaultSandboxesService implements SandboxesService {
  readonly #client: SandboxesApi;
  readonly #auth: AuthService;

  static create(options: {
    discovery: DiscoveryService;
    auth: AuthService;
    /** Replaces the global fetch, e.g. in tests. */
    fetch?: typeof fetch;
  }): DefaultSandboxesService {
    const client = new SandboxesClient({
      discoveryApi: options.discovery,
      fetchApi: options.fetch ? { fetch: options.fetch } : undefined,
    });
    return new DefaultSandboxesService(client, options.auth);
  }

  private constructor(client: SandboxesApi, auth: AuthService) {
    this.#client = client;
    this.#auth = auth;
  }

  async listSandboxes(
    request: ListSandboxesRequest,
    options: SandboxesServiceRequestOptions,
  ): Promise<ListSandboxesResponse> {
    return this.#client.listSandboxes(request, await this.#token(options));
  }

  async getSandbox(
    name: string,
    options: SandboxesServiceRequestOptions,
  ): Promise<SandboxDetails> {
    return this.#client.getSandbox(name, await this.#token(options));
  }

  async createSandbox(
    request: CreateSandboxRequest,
    options: SandboxesServiceRequestOptions,
  ): Promise<SandboxDetails> {
    return this.#client.createSandbox(request, await this.#token(options));
  }

  async updateSandbox(
    name: string,
    request: UpdateSandboxRequest,
    options: SandboxesServiceRequestOptions,
  ): Promise<SandboxDetails> {
    return this.#client.updateSandbox(
      name,
      request,
      await this.#token(options),
    );
  }

  async suspendSandbox(
    name: string,
    options: SandboxesServiceRequestOptions,
  ): Promise<SandboxDetails> {
    return this.#client.suspendSandbox(name, await this.#token(options));
  }

  async resumeSandbox(
    name: string,
    options: SandboxesServiceRequestOptions,
  ): Promise<SandboxDetails> {
    return this.#client.resumeSandbox(name, await this.#token(options));
  }

  async extendSandbox(
    name: string,
    minutes: number,
    options: SandboxesServiceRequestOptions,
  ): Promise<SandboxDetails> {
    return this.#client.extendSandbox(
      name,
      minutes,
      await this.#token(options),
    );
  }

  async reseedSandbox(
    name: string,
    options: SandboxesServiceRequestOptions,
  ): Promise<SandboxDetails> {
    return this.#client.reseedSandbox(name, await this.#token(options));
  }

  async keepAwake(
    name: string,
    until: string | null,
    options: SandboxesServiceRequestOptions,
  ): Promise<SandboxDetails> {
    return this.#client.keepAwake(name, until, await this.#token(options));
  }

  async deleteSandbox(
    name: string,
    options: SandboxesServiceRequestOptions,
  ): Promise<void> {
    return this.#client.deleteSandbox(name, await this.#token(options));
  }

  async getActivity(
    name: string,
    options: SandboxesServiceRequestOptions,
  ): Promise<{ items: SandboxActivity[] }> {
    return this.#client.getActivity(name, await this.#token(options));
  }

  async listTemplates(
    options: SandboxesServiceRequestOptions,
  ): Promise<{ items: SandboxTemplateInfo[] }> {
    return this.#client.listTemplates(await this.#token(options));
  }

  // A fresh token per call: tokens are short-lived and the auth service
  // caches what it can, so holding one here would only risk using it expired.
  async #token(
    options: SandboxesServiceRequestOptions,
  ): Promise<RequestOptions> {
    const { token } = await this.#auth.getPluginRequestToken({
      onBehalfOf: options.credentials,
      targetPluginId: SANDBOXES_PLUGIN_ID,
    });
    return { token };
  }
}
