import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CreateSandboxRequest,
  ListSandboxesResponse,
  SandboxActivity,
  SandboxDetails,
  SandboxPhase,
  SandboxTemplateInfo,
  UpdateSandboxRequest,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import {
  SandboxesService,
  SandboxesServiceRequestOptions,
} from '@sandboxkit/backstage-plugin-sandboxes-node';

export const paymentsTemplate: SandboxTemplateInfo = {
  name: 'payments-api',
  cluster: 'local',
  displayName: 'Payments API',
  description: 'A payments-style API with a webhook sink',
  parameters: [
    {
      name: 'rateLimit',
      type: 'number',
      minimum: 1,
      maximum: 1000,
      default: 50,
    },
    { name: 'currency', type: 'string', enum: ['EUR', 'USD'] },
    { name: 'branch', type: 'string', pattern: '[a-z0-9-]+' },
    { name: 'apiKey', type: 'string', required: true },
    { name: 'seedData', type: 'boolean' },
  ],
  sizes: [
    { name: 'small', components: { api: { replicas: 1 } } },
    { name: 'large', components: { api: { replicas: 3 } } },
  ],
  defaultSize: 'small',
  ttl: { defaultMinutes: 60, maxMinutes: 180 },
  endpoints: [{ name: 'api' }],
};

/** Builds the error the real client throws for a non-2xx answer. */
export async function backendError(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message },
        response: { statusCode: status },
      }),
      {
        status,
        headers: { 'Content-Type': 'application/json', ...headers },
      },
    ),
  );
}

/**
 * An in-memory sandboxes backend behind the SandboxesService interface: it
 * keeps sandboxes, plays a scripted sequence of phases to each reader, and
 * can be told to refuse the next create.
 */
export class FakeSandboxesService implements SandboxesService {
  templates: SandboxTemplateInfo[] = [paymentsTemplate];
  readonly sandboxes = new Map<string, SandboxDetails>();
  readonly created: CreateSandboxRequest[] = [];
  readonly deleted: string[] = [];
  readonly updates: Array<{ name: string; request: UpdateSandboxRequest }> = [];
  readonly callers: BackstageCredentials[] = [];
  /** Phases successive reads report after a create; the last one sticks. */
  phases: SandboxPhase[] = ['Pending'];
  conditions: SandboxDetails['conditions'] = [];
  refuseNextCreate?: ResponseError;
  /** Refuses every create with this until cleared. */
  refuseCreates?: ResponseError;
  refuseNextDelete?: ResponseError;
  refuseNextUpdate?: ResponseError;
  #reads = new Map<string, number>();

  async listSandboxes(
    _request: unknown,
    options: SandboxesServiceRequestOptions,
  ): Promise<ListSandboxesResponse> {
    this.callers.push(options.credentials);
    const items = [...this.sandboxes.values()];
    return { items, totalCount: items.length };
  }

  async getSandbox(
    name: string,
    options: SandboxesServiceRequestOptions,
  ): Promise<SandboxDetails> {
    this.callers.push(options.credentials);
    const sandbox = this.sandboxes.get(name);
    if (!sandbox) {
      throw await backendError(404, `Sandbox "${name}" not found`);
    }
    const reads = this.#reads.get(name) ?? 0;
    this.#reads.set(name, reads + 1);
    const phase = this.phases[Math.min(reads, this.phases.length - 1)];
    const ready = phase === 'Ready';
    return {
      ...sandbox,
      phase,
      conditions: this.conditions,
      url: ready ? `http://${name}.sandboxes.localhost` : undefined,
    };
  }

  async createSandbox(
    request: CreateSandboxRequest,
    options: SandboxesServiceRequestOptions,
  ): Promise<SandboxDetails> {
    this.callers.push(options.credentials);
    if (this.refuseCreates) throw this.refuseCreates;
    if (this.refuseNextCreate) {
      const error = this.refuseNextCreate;
      this.refuseNextCreate = undefined;
      throw error;
    }
    this.created.push(request);
    const name = request.name ?? `${request.template}-${this.created.length}`;
    const principal = options.credentials.principal as {
      userEntityRef?: string;
    };
    const sandbox: SandboxDetails = {
      name,
      displayName: request.displayName ?? name,
      cluster: request.cluster ?? 'local',
      template: request.template,
      owner: principal.userEntityRef ?? 'unknown',
      entityRef: request.entityRef,
      size: request.size,
      parameters: request.parameters ?? {},
      secretParameters: [],
      phase: 'Pending',
      suspended: false,
      endpoints: [],
      components: [],
      conditions: [],
      createdAt: '2026-11-23T10:00:00Z',
      expiresAt: '2026-11-23T11:00:00Z',
      extensionsUsed: 0,
      stale: false,
      links: [],
      connectCommands: [],
      lifetime: {
        maxExpiresAt: '2026-11-23T13:00:00Z',
        extensionsLeft: 1,
        maxExtensionMinutes: 120,
      },
    };
    this.sandboxes.set(name, sandbox);
    return sandbox;
  }

  async updateSandbox(
    name: string,
    request: UpdateSandboxRequest,
    options: SandboxesServiceRequestOptions,
  ) {
    if (this.refuseNextUpdate) {
      const error = this.refuseNextUpdate;
      this.refuseNextUpdate = undefined;
      throw error;
    }
    this.updates.push({ name, request });
    const { displayName, size } = request;
    return this.#update(name, options, {
      ...(displayName !== undefined && { displayName }),
      ...(size !== undefined && { size }),
    });
  }

  async suspendSandbox(name: string, options: SandboxesServiceRequestOptions) {
    return this.#update(name, options, { suspended: true });
  }

  async resumeSandbox(name: string, options: SandboxesServiceRequestOptions) {
    return this.#update(name, options, { suspended: false });
  }

  async extendSandbox(
    name: string,
    _minutes: number,
    options: SandboxesServiceRequestOptions,
  ) {
    const sandbox = await this.getSandbox(name, options);
    return this.#update(name, options, {
      extensionsUsed: sandbox.extensionsUsed + 1,
    });
  }

  async reseedSandbox(name: string, options: SandboxesServiceRequestOptions) {
    return this.getSandbox(name, options);
  }

  async keepAwake(
    name: string,
    until: string | null,
    options: SandboxesServiceRequestOptions,
  ) {
    return this.#update(name, options, { keepAwakeUntil: until ?? undefined });
  }

  async deleteSandbox(
    name: string,
    options: SandboxesServiceRequestOptions,
  ): Promise<void> {
    this.callers.push(options.credentials);
    if (this.refuseNextDelete) {
      const error = this.refuseNextDelete;
      this.refuseNextDelete = undefined;
      throw error;
    }
    if (!this.sandboxes.delete(name)) {
      throw await backendError(404, `Sandbox "${name}" not found`);
    }
    this.deleted.push(name);
  }

  async getActivity(
    _name: string,
    options: SandboxesServiceRequestOptions,
  ): Promise<{ items: SandboxActivity[] }> {
    this.callers.push(options.credentials);
    return { items: [] };
  }

  async listTemplates(
    options: SandboxesServiceRequestOptions,
  ): Promise<{ items: SandboxTemplateInfo[] }> {
    this.callers.push(options.credentials);
    return { items: this.templates };
  }

  async #update(
    name: string,
    options: SandboxesServiceRequestOptions,
    change: Partial<SandboxDetails>,
  ): Promise<SandboxDetails> {
    const sandbox = await this.getSandbox(name, options);
    const updated = { ...sandbox, ...change };
    this.sandboxes.set(name, updated);
    return updated;
  }
}
