import { ResponseError } from '@backstage/errors';
import {
  CreateSandboxRequest,
  ListSandboxesRequest,
  ListSandboxesResponse,
  Sandbox,
  SandboxActivity,
  SandboxDetails,
  SandboxesApi,
  SandboxTemplateInfo,
  ActivityType,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { aSandboxDetails } from './fixtures';

export interface InMemorySandboxesApiOptions {
  sandboxes?: SandboxDetails[];
  templates?: SandboxTemplateInfo[];
  /** Entity ref that "me" stands for. */
  currentUser?: string;
  /** How long a new or waking sandbox takes to become Ready. */
  readyAfterMs?: number;
  /** Sandboxes one user may have at once; more is refused with 429. */
  maxPerUser?: number;
  /** Seconds sent in Retry-After with a quota refusal. */
  retryAfterSeconds?: number;
}

/** The list endpoint answers without the page-only fields. */
function toListed(details: SandboxDetails): Sandbox {
  const { links, connectCommands, lifetime, ...sandbox } = details;
  return sandbox;
}

async function responseError(
  status: number,
  name: string,
  message: string,
  headers: Record<string, string> = {},
) {
  const body = JSON.stringify({
    error: { name, message },
    request: { method: 'POST', url: '/api/sandboxes' },
    response: { statusCode: status },
  });
  return ResponseError.fromResponse({
    headers: new Headers({ 'Content-Type': 'application/json', ...headers }),
    ok: false,
    redirected: false,
    status,
    statusText: name,
    type: 'basic',
    url: 'http://localhost/api/sandboxes',
    text: async () => body,
  });
}

/**
 * The sandboxes API held in memory, for the dev app and component tests: the
 * same answers the backend gives (filters, cursor pages, 404, 429 with
 * Retry-After), and a sandbox lifecycle that advances with the clock.
 */
export class InMemorySandboxesApi implements SandboxesApi {
  readonly #sandboxes = new Map<string, SandboxDetails>();
  readonly #activity = new Map<string, SandboxActivity[]>();
  readonly #templates: SandboxTemplateInfo[];
  readonly #currentUser: string;
  readonly #readyAfterMs: number;
  readonly #maxPerUser: number;
  readonly #retryAfterSeconds: number;
  /** When each sandbox in a transient phase becomes Ready. */
  readonly #readyAt = new Map<string, number>();
  #nextId = 1;

  constructor(options: InMemorySandboxesApiOptions = {}) {
    this.#templates = options.templates ?? [];
    this.#currentUser = options.currentUser ?? 'user:default/guest';
    this.#readyAfterMs = options.readyAfterMs ?? 0;
    this.#maxPerUser = options.maxPerUser ?? Infinity;
    this.#retryAfterSeconds = options.retryAfterSeconds ?? 600;
    for (const sandbox of options.sandboxes ?? []) {
      this.#sandboxes.set(sandbox.name, sandbox);
    }
  }

  async listSandboxes(
    request: ListSandboxesRequest = {},
  ): Promise<ListSandboxesResponse> {
    const owner = request.owner === 'me' ? this.#currentUser : request.owner;
    const q = request.q?.toLocaleLowerCase();
    const matching = [...this.#sandboxes.values()]
      .map(s => this.#advance(s))
      .filter(
        s =>
          (!owner || s.owner === owner) &&
          (!request.entityRef || s.entityRef === request.entityRef) &&
          (!request.template || s.template === request.template) &&
          (!request.phase || s.phase === request.phase) &&
          (!q ||
            [s.name, s.displayName, s.owner, s.template].some(field =>
              field.toLocaleLowerCase().includes(q),
            )),
      );
    const sort = request.sort ?? 'createdAt';
    const direction = (request.order ?? 'desc') === 'desc' ? -1 : 1;
    matching.sort(
      (a, b) =>
        direction * String(a[sort] ?? '').localeCompare(String(b[sort] ?? '')),
    );
    const offset = Number(request.cursor ?? 0);
    const limit = request.limit ?? 25;
    const page = matching.slice(offset, offset + limit);
    return {
      items: page.map(toListed),
      totalCount: matching.length,
      nextCursor:
        offset + limit < matching.length ? String(offset + limit) : undefined,
    };
  }

  async getSandbox(name: string): Promise<SandboxDetails> {
    return this.#advance(await this.#find(name));
  }

  async createSandbox(request: CreateSandboxRequest): Promise<SandboxDetails> {
    const template = this.#templates.find(t => t.name === request.template);
    if (!template) {
      throw await responseError(
        400,
        'InputError',
        `There is no template named ${request.template}`,
      );
    }
    const mine = [...this.#sandboxes.values()].filter(
      s => s.owner === this.#currentUser,
    );
    if (mine.length >= this.#maxPerUser) {
      throw await responseError(
        429,
        'QuotaExceededError',
        `You already have ${mine.length} sandboxes, the most one person may have at once.`,
        { 'Retry-After': String(this.#retryAfterSeconds) },
      );
    }
    const name = request.name ?? `${template.name}-${this.#nextId++}`;
    const now = Date.now();
    const sandbox = aSandboxDetails({
      name,
      displayName: request.displayName ?? name,
      cluster: template.cluster,
      template: template.name,
      owner: this.#currentUser,
      entityRef: request.entityRef,
      size: request.size ?? template.defaultSize,
      parameters: request.parameters ?? {},
      phase: 'Provisioning',
      conditions: [],
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(
        now + (request.ttlMinutes ?? template.ttl.defaultMinutes) * 60_000,
      ).toISOString(),
      lastActivityAt: undefined,
    });
    this.#sandboxes.set(name, sandbox);
    this.#readyAt.set(name, now + this.#readyAfterMs);
    this.#record(name, 'created', 'Created');
    return this.#advance(sandbox);
  }

  async suspendSandbox(name: string) {
    return this.#update(name, 'suspended', 'Put to sleep', {
      phase: 'Suspended',
      suspended: true,
      suspendReason: 'its owner put it to sleep',
      conditions: [
        {
          type: 'Suspended',
          status: 'True',
          reason: 'SuspendedByUser',
          message: 'Scaled to zero',
          lastTransitionTime: new Date().toISOString(),
        },
      ],
    });
  }

  async resumeSandbox(name: string) {
    this.#readyAt.set(name, Date.now() + this.#readyAfterMs);
    return this.#update(name, 'resumed', 'Woken up', {
      phase: 'Resuming',
      suspended: false,
      suspendReason: undefined,
      conditions: [],
    });
  }

  async extendSandbox(name: string, minutes: number) {
    const sandbox = await this.#find(name);
    if (sandbox.lifetime.extensionsLeft <= 0) {
      throw await responseError(
        409,
        'ConflictError',
        'This sandbox cannot be extended any more',
      );
    }
    return this.#update(name, 'extended', `Extended by ${minutes} minutes`, {
      expiresAt: new Date(
        Date.parse(sandbox.expiresAt) + minutes * 60_000,
      ).toISOString(),
      extensionsUsed: sandbox.extensionsUsed + 1,
      lifetime: {
        ...sandbox.lifetime,
        extensionsLeft: sandbox.lifetime.extensionsLeft - 1,
      },
    });
  }

  async reseedSandbox(name: string) {
    return this.#update(name, 'reseeded', 'Sample data loaded again', {});
  }

  async keepAwake(name: string, until: string | null) {
    return this.#update(
      name,
      'pinned',
      until ? `Kept awake until ${until}` : 'May sleep when idle again',
      { keepAwakeUntil: until ?? undefined },
    );
  }

  async deleteSandbox(name: string) {
    await this.#find(name);
    this.#sandboxes.delete(name);
    this.#record(name, 'deleted', 'Deleted');
  }

  async getActivity(name: string) {
    await this.#find(name);
    return { items: [...(this.#activity.get(name) ?? [])].reverse() };
  }

  async listTemplates() {
    return { items: this.#templates };
  }

  async #find(name: string) {
    const sandbox = this.#sandboxes.get(name);
    if (!sandbox) {
      throw await responseError(
        404,
        'NotFoundError',
        `There is no sandbox named ${name}`,
      );
    }
    return sandbox;
  }

  async #update(
    name: string,
    type: ActivityType,
    message: string,
    changes: Partial<SandboxDetails>,
  ) {
    const updated = { ...(await this.#find(name)), ...changes };
    this.#sandboxes.set(name, updated);
    this.#record(name, type, message);
    return this.#advance(updated);
  }

  /** Moves a starting or waking sandbox to Ready once its time has come. */
  #advance(sandbox: SandboxDetails): SandboxDetails {
    const readyAt = this.#readyAt.get(sandbox.name);
    if (readyAt === undefined || Date.now() < readyAt) {
      return sandbox;
    }
    this.#readyAt.delete(sandbox.name);
    const ready: SandboxDetails = {
      ...sandbox,
      phase: 'Ready',
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'AllComponentsReady',
          message: 'All components are ready',
          lastTransitionTime: new Date().toISOString(),
        },
      ],
    };
    this.#sandboxes.set(sandbox.name, ready);
    this.#record(sandbox.name, 'ready', 'Ready');
    return ready;
  }

  #record(sandbox: string, type: ActivityType, message: string) {
    const entries = this.#activity.get(sandbox) ?? [];
    entries.push({
      id: String(entries.length + 1),
      sandbox,
      type,
      actor: this.#currentUser,
      message,
      at: new Date().toISOString(),
    });
    this.#activity.set(sandbox, entries);
  }
}
