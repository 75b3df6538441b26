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
  formatParameterProblems,
  imageReferenceProblem,
  resolveParameterValues,
  splitSecretParameterValues,
  UpdateSandboxRequest,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { aSandboxDetails } from './fixtures';

export interface InMemorySandboxesApiOptions {
  sandboxes?: SandboxDetails[];
  /** Values of the given sandboxes' secret parameters, by sandbox name (the cluster's Secrets). */
  secretValues?: Record<string, Record<string, string>>;
  templates?: SandboxTemplateInfo[];
  /** Entity ref that "me" stands for. */
  currentUser?: string;
  /** How long a new or waking sandbox takes to become Ready. */
  readyAfterMs?: number;
  /** Sandboxes one user may have at once; more is refused with 429. */
  maxPerUser?: number;
  /** Seconds sent in Retry-After with a quota refusal. */
  retryAfterSeconds?: number;
  /** Sandboxes of one size one user may have at once (the backend's perSize quota). */
  maxPerSize?: Record<string, number>;
  /** Repository URL of catalog entities a sandbox may follow by entity ref. */
  entityRepositories?: Record<string, string>;
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
  /** Secret parameter values per sandbox, as the cluster's Secret holds them; never answered. */
  readonly #secretValues = new Map<string, Record<string, string>>();
  readonly #templates: SandboxTemplateInfo[];
  readonly #currentUser: string;
  readonly #readyAfterMs: number;
  readonly #maxPerUser: number;
  readonly #retryAfterSeconds: number;
  readonly #maxPerSize: Record<string, number>;
  readonly #entityRepositories: Record<string, string>;
  /** When each sandbox in a transient phase becomes Ready. */
  readonly #readyAt = new Map<string, number>();
  #nextId = 1;

  constructor(options: InMemorySandboxesApiOptions = {}) {
    this.#templates = options.templates ?? [];
    this.#currentUser = options.currentUser ?? 'user:default/guest';
    this.#readyAfterMs = options.readyAfterMs ?? 0;
    this.#maxPerUser = options.maxPerUser ?? Infinity;
    this.#retryAfterSeconds = options.retryAfterSeconds ?? 600;
    this.#maxPerSize = options.maxPerSize ?? {};
    this.#entityRepositories = options.entityRepositories ?? {};
    for (const sandbox of options.sandboxes ?? []) {
      this.#sandboxes.set(sandbox.name, sandbox);
      this.#secretValues.set(
        sandbox.name,
        options.secretValues?.[sandbox.name] ?? {},
      );
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
    const { plain, secret } = splitSecretParameterValues(
      template.parameters,
      request.parameters ?? {},
    );
    this.#secretValues.set(name, secret);
    const sandbox = aSandboxDetails({
      name,
      displayName: request.displayName ?? name,
      cluster: template.cluster,
      template: template.name,
      owner: this.#currentUser,
      entityRef: request.entityRef,
      size: request.size ?? template.defaultSize,
      parameters: plain,
      secretParameters: Object.keys(secret),
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

  /**
   * The backend's checks and messages of PATCH /sandboxes/{name}: "field:
   * rule" for the size, images and mutable parameters, 429 naming what
   * would free the room when a size's quota is full; nothing changes when
   * anything is refused.
   */
  async updateSandbox(name: string, request: UpdateSandboxRequest) {
    const sandbox = this.#advance(await this.#find(name));
    const template = this.#templates.find(t => t.name === sandbox.template);
    const refuse = (message: string) =>
      responseError(400, 'InputError', message);
    const changes: Partial<SandboxDetails> = {};
    const said: string[] = [];
    if (request.displayName !== undefined) {
      changes.displayName = request.displayName;
      said.push(`displayName → ${request.displayName}`);
    }
    if (request.size !== undefined && request.size !== sandbox.size) {
      const sizes = template?.sizes.map(s => s.name) ?? [];
      if (!sizes.includes(request.size)) {
        throw await refuse(`size: must be one of ${sizes.join(', ')}`);
      }
      const holders = [...this.#sandboxes.values()].filter(
        s => s.owner === sandbox.owner && s.size === request.size,
      );
      if (holders.length >= (this.#maxPerSize[request.size] ?? Infinity)) {
        throw await responseError(
          429,
          'QuotaExceededError',
          `You already have ${holders.length} ${
            request.size
          } sandbox(es), the most allowed. Make ${holders
            .map(s => s.name)
            .join(', ')} smaller, or delete it, to free the room.`,
          { 'Retry-After': String(this.#retryAfterSeconds) },
        );
      }
      changes.size = request.size;
      said.push(`size ${sandbox.size} → ${request.size}`);
    }
    if (request.images) {
      const images = { ...sandbox.images };
      for (const [component, image] of Object.entries(request.images)) {
        const problem =
          image === null ? undefined : imageReferenceProblem(image);
        if (problem) throw await refuse(`images.${component}: ${problem}`);
        if (image === null) delete images[component];
        else images[component] = image;
        said.push(`images.${component} → ${image ?? 'none'}`);
      }
      changes.images = images;
    }
    if (request.parameters) {
      const declared = template?.parameters ?? [];
      for (const key of Object.keys(request.parameters)) {
        if (declared.find(p => p.name === key)?.mutable !== true) {
          throw await refuse(
            `parameters.${key}: cannot be changed on a running sandbox (the template does not mark it mutable)`,
          );
        }
      }
      const kept = this.#secretValues.get(name) ?? {};
      const { values, problems } = resolveParameterValues(declared, {
        ...sandbox.parameters,
        ...kept,
        ...request.parameters,
      });
      if (problems.length > 0) {
        throw await refuse(formatParameterProblems(problems));
      }
      const { plain, secret } = splitSecretParameterValues(declared, values);
      this.#secretValues.set(name, secret);
      changes.parameters = plain;
      changes.secretParameters = Object.keys(secret);
      // As the backend does: a secret's name is recorded, never its value.
      const { plain: plainChanged, secret: secretChanged } =
        splitSecretParameterValues(declared, request.parameters);
      said.push(
        `parameters ${JSON.stringify({
          ...plainChanged,
          ...Object.fromEntries(
            Object.keys(secretChanged).map(key => [key, 'set']),
          ),
        })}`,
      );
    }
    if (request.follow !== undefined) {
      changes.follow = await this.#followed(request.follow, 'follow');
      said.push(`follow → ${changes.follow?.repository ?? 'none'}`);
    }
    if (request.componentFollow) {
      const own = { ...sandbox.componentFollow };
      for (const [component, follow] of Object.entries(
        request.componentFollow,
      )) {
        const followed = await this.#followed(
          follow,
          `componentFollow.${component}`,
        );
        if (followed) own[component] = followed;
        else delete own[component];
        said.push(
          `componentFollow.${component} → ${followed?.repository ?? 'none'}`,
        );
      }
      changes.componentFollow = own;
    }
    return this.#update(name, 'changed', `Changed ${said.join(', ')}`, changes);
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
    this.#secretValues.delete(name);
    this.#record(name, 'deleted', 'Deleted');
  }

  async getActivity(name: string) {
    await this.#find(name);
    return { items: [...(this.#activity.get(name) ?? [])].reverse() };
  }

  async listTemplates() {
    return { items: this.#templates };
  }

  /** A follow request as the sandbox then holds it: an entity's repository resolved through the catalog. */
  async #followed(
    follow: UpdateSandboxRequest['follow'],
    field: string,
  ): Promise<SandboxDetails['follow']> {
    if (!follow) return undefined;
    if (!('entityRef' in follow)) {
      return { repository: follow.repository, branch: follow.branch };
    }
    const repository = this.#entityRepositories[follow.entityRef];
    if (!repository) {
      throw await responseError(
        400,
        'InputError',
        `${field}.entityRef: no catalog entity '${follow.entityRef}'`,
      );
    }
    return { repository, branch: follow.branch };
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
