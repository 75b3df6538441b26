import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  V1Namespace,
  V1Secret,
  PatchStrategy,
  setHeaderOptions,
  Watch,
} from '@kubernetes/client-node';
import {
  SANDBOX_API_GROUP,
  SANDBOX_API_VERSION,
  SANDBOX_PLURAL,
  SANDBOX_TEMPLATE_PLURAL,
  SandboxResource,
  SandboxTemplateResource,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { NotFoundError } from '@backstage/errors';
import { SandboxCluster } from './clusterConfig';
import { ClusterHealth } from './ClusterHealth';
import {
  describeFailure,
  isRetryable,
  KubeFailure,
  toApiError,
} from './kubeErrors';

/** A watch event on Sandbox resources. @public */
export type SandboxWatchEvent =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: SandboxResource }
  | { type: 'BOOKMARK'; resourceVersion: string }
  | { type: 'ERROR'; status: number; message: string };

/** A running watch; `stop` ends it without calling `onDone` with an error. @public */
export interface WatchHandle {
  stop(): void;
}

interface Connection {
  cluster: SandboxCluster;
  kubeConfig: KubeConfig;
  api: CustomObjectsApi;
  core: CoreV1Api;
}

const base = { group: SANDBOX_API_GROUP, version: SANDBOX_API_VERSION };
const LIST_PAGE = 500;
const MAX_RETRY_DELAY_MS = 5_000;

/**
 * The plugin's one door to Kubernetes: every @kubernetes/client-node call
 * goes through here. Safe calls are retried on 429, 5xx and timeouts
 * (honouring Retry-After); everything else is surfaced as a typed error
 * from @backstage/errors. Reachability is recorded in `health`.
 *
 * @public
 */
export class KubernetesAdapter {
  readonly #connections = new Map<string, Connection>();
  readonly #logger: LoggerService;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly health: ClusterHealth;

  constructor(options: {
    clusters: SandboxCluster[];
    logger: LoggerService;
    requestTimeoutMs: number;
    maxRetries: number;
  }) {
    this.#logger = options.logger;
    this.#timeoutMs = options.requestTimeoutMs;
    this.#maxRetries = options.maxRetries;
    for (const cluster of options.clusters) {
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromClusterAndUser(
        {
          name: cluster.name,
          server: cluster.url,
          skipTLSVerify: cluster.skipTLSVerify,
          caData: cluster.caData,
        },
        { name: 'sandboxes-backend', token: cluster.serviceAccountToken },
      );
      this.#connections.set(cluster.name, {
        cluster,
        kubeConfig,
        api: kubeConfig.makeApiClient(CustomObjectsApi),
        core: kubeConfig.makeApiClient(CoreV1Api),
      });
    }
    this.health = new ClusterHealth([...this.#connections.keys()]);
  }

  clusterNames(): string[] {
    return [...this.#connections.keys()];
  }

  hasCluster(name: string): boolean {
    return this.#connections.has(name);
  }

  async createSandbox(
    cluster: string,
    resource: SandboxResource,
  ): Promise<SandboxResource> {
    // A create is not idempotent: only a 429 (not processed) is retried.
    return this.#call(cluster, 'create the sandbox', false, ({ api }) =>
      api.createClusterCustomObject({
        ...base,
        plural: SANDBOX_PLURAL,
        body: resource,
      }),
    );
  }

  async getSandbox(cluster: string, name: string): Promise<SandboxResource> {
    return this.#call(cluster, `read sandbox '${name}'`, true, ({ api }) =>
      api.getClusterCustomObject({ ...base, plural: SANDBOX_PLURAL, name }),
    );
  }

  /** JSON merge patch (RFC 7386): the same patch twice gives the same result. */
  async patchSandbox(
    cluster: string,
    name: string,
    patch: Record<string, unknown>,
  ): Promise<SandboxResource> {
    return this.#call(cluster, `update sandbox '${name}'`, true, ({ api }) =>
      api.patchClusterCustomObject(
        { ...base, plural: SANDBOX_PLURAL, name, body: patch },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    );
  }

  /** Deletes; resolves to false when it was already gone. */
  async deleteSandbox(cluster: string, name: string): Promise<boolean> {
    try {
      await this.#call(cluster, `delete sandbox '${name}'`, true, ({ api }) =>
        api.deleteClusterCustomObject({
          ...base,
          plural: SANDBOX_PLURAL,
          name,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }

  /**
   * Creates a Secret. Like a sandbox's create, only a 429 is retried: a
   * create that timed out may have been made, and a retry would answer 409.
   */
  async createSecret(
    cluster: string,
    namespace: string,
    secret: V1Secret,
  ): Promise<V1Secret> {
    return this.#call(
      cluster,
      `create secret '${secret.metadata?.name}' in namespace '${namespace}'`,
      false,
      ({ core }) => core.createNamespacedSecret({ namespace, body: secret }),
    );
  }

  /** JSON merge patch of a Secret (idempotent, so retried). */
  async patchSecret(
    cluster: string,
    namespace: string,
    name: string,
    patch: Record<string, unknown>,
  ): Promise<V1Secret> {
    return this.#call(
      cluster,
      `update secret '${name}' in namespace '${namespace}'`,
      true,
      ({ core }) =>
        core.patchNamespacedSecret(
          { name, namespace, body: patch },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        ),
    );
  }

  /** A namespace, or undefined when there is none. */
  async getNamespace(
    cluster: string,
    name: string,
  ): Promise<V1Namespace | undefined> {
    try {
      return await this.#call(
        cluster,
        `read namespace '${name}'`,
        true,
        ({ core }) => core.readNamespace({ name }),
      );
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /** Every Sandbox of a cluster, page by page, and the list's resourceVersion. */
  async listSandboxes(
    cluster: string,
  ): Promise<{ items: SandboxResource[]; resourceVersion: string }> {
    return this.#listAll<SandboxResource>(cluster, SANDBOX_PLURAL);
  }

  async listTemplates(cluster: string): Promise<SandboxTemplateResource[]> {
    const { items } = await this.#listAll<SandboxTemplateResource>(
      cluster,
      SANDBOX_TEMPLATE_PLURAL,
    );
    return items;
  }

  /**
   * Watches Sandboxes from a resourceVersion. `onDone` is called once when
   * the stream ends: with an error (unreachable, or a 410 status) or without
   * one (the server closed it, e.g. its timeout).
   */
  async watchSandboxes(
    cluster: string,
    resourceVersion: string,
    onEvent: (event: SandboxWatchEvent) => void,
    onDone: (error?: KubeFailure) => void,
  ): Promise<WatchHandle> {
    const { kubeConfig } = this.#connection(cluster);
    let stopped = false;
    const controller = await new Watch(kubeConfig).watch(
      `/apis/${SANDBOX_API_GROUP}/${SANDBOX_API_VERSION}/${SANDBOX_PLURAL}`,
      { resourceVersion, allowWatchBookmarks: true },
      (type: string, object: Record<string, unknown>) => {
        if (stopped) return;
        if (type === 'ERROR') {
          onEvent({
            type: 'ERROR',
            status: Number(object?.code ?? 500),
            message: String(object?.message ?? 'watch error'),
          });
        } else if (type === 'BOOKMARK') {
          const metadata = object?.metadata as { resourceVersion?: string };
          onEvent({ type, resourceVersion: metadata?.resourceVersion ?? '' });
        } else if (
          type === 'ADDED' ||
          type === 'MODIFIED' ||
          type === 'DELETED'
        ) {
          onEvent({ type, object: object as unknown as SandboxResource });
        }
      },
      (error: unknown) => {
        if (stopped) return;
        stopped = true;
        onDone(error ? describeFailure(error) : undefined);
      },
    );
    return {
      stop: () => {
        stopped = true;
        controller.abort();
      },
    };
  }

  async #listAll<T>(
    cluster: string,
    plural: string,
  ): Promise<{ items: T[]; resourceVersion: string }> {
    const items: T[] = [];
    let continueToken: string | undefined;
    let resourceVersion = '';
    do {
      const token = continueToken;
      const page = await this.#call(
        cluster,
        `list ${plural}`,
        true,
        ({ api }) =>
          api.listClusterCustomObject({
            ...base,
            plural,
            limit: LIST_PAGE,
            _continue: token,
          }),
      );
      items.push(...((page.items ?? []) as T[]));
      continueToken = page.metadata?.continue || undefined;
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
    } while (continueToken);
    return { items, resourceVersion };
  }

  #connection(cluster: string): Connection {
    const connection = this.#connections.get(cluster);
    if (!connection) {
      throw new NotFoundError(
        `cluster: no cluster named '${cluster}' is configured`,
      );
    }
    return connection;
  }

  async #call<T>(
    cluster: string,
    action: string,
    safe: boolean,
    fn: (connection: Connection) => Promise<T>,
  ): Promise<T> {
    const connection = this.#connection(cluster);
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await withTimeout(fn(connection), this.#timeoutMs);
        this.health.markReachable(cluster);
        return result;
      } catch (error) {
        const failure = describeFailure(error);
        if (failure.status === undefined) {
          this.health.markUnreachable(cluster, failure.message);
        }
        const retry =
          attempt < this.#maxRetries &&
          (failure.status === 429 || (safe && isRetryable(failure))) &&
          // Not while the cluster is known down: answer 503 at once.
          (failure.status !== undefined || attempt === 0);
        if (!retry) throw toApiError(cluster, action, failure, error);
        const backoff = Math.min(
          failure.retryAfterMs ?? 100 * 2 ** attempt + Math.random() * 100,
          MAX_RETRY_DELAY_MS,
        );
        this.#logger.debug(
          `Retrying '${action}' on ${cluster} in ${Math.round(backoff)} ms: ${
            failure.message
          }`,
        );
        await sleep(backoff);
      }
    }
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
