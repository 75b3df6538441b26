import http from 'http';
import https from 'https';
import { createInterface } from 'readline';
import { KubeConfig } from '@kubernetes/client-node';
import { OPERATOR_FIELD_MANAGER } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { KubeApiError, isRetryable } from './errors';
import {
  collectionPath,
  objectPath,
  resourceType,
  ResourceType,
} from './resources';
import { KubeObject, KubeObjectLike, KubeList, WatchEvent } from './types';

/** Options of {@link KubeClient.fromKubeConfig}. */
export interface KubeClientOptions {
  /** Retries of safe calls on 429, 5xx and network errors. Default 5. */
  maxRetries?: number;
  /** Per-request timeout (not watches). Default 30 s. */
  requestTimeoutMs?: number;
  /** Called once per HTTP response or network error, for metrics. */
  onResponse?: (method: string, statusCode: number | 'error') => void;
}

interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  /** The call can be repeated without changing its outcome. */
  idempotent: boolean;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * The operator's one door to the Kubernetes API. @kubernetes/client-node
 * loads the kubeconfig (file or in-cluster) and provides credentials; this
 * class speaks HTTP itself so that server-side apply, the status subresource,
 * streaming watches and Retry-After are all under its control.
 */
export class KubeClient {
  readonly #kubeConfig: KubeConfig;
  readonly #server: URL;
  readonly #maxRetries: number;
  readonly #timeoutMs: number;
  readonly #onResponse?: KubeClientOptions['onResponse'];
  #agent?: http.Agent;
  #closed = false;

  static fromKubeConfig(
    kubeConfig: KubeConfig,
    options: KubeClientOptions = {},
  ) {
    return new KubeClient(kubeConfig, options);
  }

  private constructor(kubeConfig: KubeConfig, options: KubeClientOptions) {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('The kubeconfig has no current cluster');
    this.#kubeConfig = allowPlainHttp(kubeConfig);
    this.#server = new URL(cluster.server);
    this.#maxRetries = options.maxRetries ?? 5;
    this.#timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.#onResponse = options.onResponse;
  }

  /** Closes pooled connections. Open watches end. */
  close() {
    this.#closed = true;
    this.#agent?.destroy();
  }

  async get<T extends KubeObjectLike = KubeObject>(
    type: ResourceType,
    name: string,
    namespace?: string,
  ): Promise<T | undefined> {
    try {
      return await this.#request<T>('GET', objectPath(type, name, namespace), {
        idempotent: true,
      });
    } catch (e) {
      if (e instanceof KubeApiError && e.statusCode === 404) return undefined;
      throw e;
    }
  }

  /**
   * Lists every page. `transform` is applied page by page, so a large list
   * never sits in memory whole in its raw form.
   */
  async list<T extends KubeObjectLike = KubeObject>(
    type: ResourceType,
    options: {
      namespace?: string;
      labelSelector?: string;
      transform?: (item: T) => T;
    } = {},
  ): Promise<{ items: T[]; resourceVersion: string }> {
    const items: T[] = [];
    let continueToken: string | undefined;
    let resourceVersion = '';
    do {
      const page = await this.#request<KubeList<T>>(
        'GET',
        collectionPath(type, options.namespace),
        {
          idempotent: true,
          query: {
            labelSelector: options.labelSelector,
            limit: 500,
            continue: continueToken,
          },
        },
      );
      for (const item of page.items ?? []) {
        const typed = { apiVersion: type.apiVersion, kind: type.kind, ...item };
        items.push(options.transform ? options.transform(typed) : typed);
      }
      continueToken = page.metadata?.continue || undefined;
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
    } while (continueToken);
    return { items, resourceVersion };
  }

  /**
   * Server-side apply under the operator's field manager, forcing ownership
   * of the fields it sets (the operator is their only intended writer).
   */
  async apply<T extends KubeObjectLike = KubeObject>(
    object: KubeObject,
    options: {
      subresource?: 'status';
      /** Admission and validation run in full, nothing is stored (dryRun=All). */
      dryRun?: boolean;
    } = {},
  ): Promise<T> {
    const type = resourceType(object.apiVersion!, object.kind!);
    const path = objectPath(
      type,
      object.metadata.name!,
      object.metadata.namespace,
    );
    return this.#request<T>(
      'PATCH',
      options.subresource ? `${path}/${options.subresource}` : path,
      {
        idempotent: true,
        contentType: 'application/apply-patch+yaml',
        body: object,
        query: {
          fieldManager: OPERATOR_FIELD_MANAGER,
          force: true,
          // A field the server does not know is refused, never dropped.
          fieldValidation: 'Strict',
          dryRun: options.dryRun ? 'All' : undefined,
        },
      },
    );
  }

  async create<T extends KubeObjectLike = KubeObject>(
    object: KubeObject,
  ): Promise<T> {
    const type = resourceType(object.apiVersion!, object.kind!);
    return this.#request<T>(
      'POST',
      collectionPath(type, object.metadata.namespace),
      {
        idempotent: false,
        body: object,
        query: {
          fieldManager: OPERATOR_FIELD_MANAGER,
          fieldValidation: 'Strict',
        },
      },
    );
  }

  /** PUT; optimistic concurrency through metadata.resourceVersion. */
  async replace<T extends KubeObjectLike = KubeObject>(
    object: KubeObject,
  ): Promise<T> {
    const type = resourceType(object.apiVersion!, object.kind!);
    return this.#request<T>(
      'PUT',
      objectPath(type, object.metadata.name!, object.metadata.namespace),
      {
        idempotent: false,
        body: object,
        query: { fieldManager: OPERATOR_FIELD_MANAGER },
      },
    );
  }

  /** JSON merge patch. Idempotent when the patch sets values outright. */
  async mergePatch<T extends KubeObjectLike = KubeObject>(
    type: ResourceType,
    name: string,
    namespace: string | undefined,
    patch: unknown,
  ): Promise<T> {
    return this.#request<T>('PATCH', objectPath(type, name, namespace), {
      idempotent: true,
      contentType: 'application/merge-patch+json',
      body: patch,
      query: { fieldManager: OPERATOR_FIELD_MANAGER },
    });
  }

  /** Deletes; resolves false when the object was already gone. */
  async delete(
    type: ResourceType,
    name: string,
    namespace?: string,
    options: { uid?: string } = {},
  ): Promise<boolean> {
    try {
      await this.#request('DELETE', objectPath(type, name, namespace), {
        idempotent: true,
        body: {
          kind: 'DeleteOptions',
          apiVersion: 'v1',
          propagationPolicy: 'Background',
          ...(options.uid ? { preconditions: { uid: options.uid } } : {}),
        },
      });
      return true;
    } catch (e) {
      if (e instanceof KubeApiError && e.statusCode === 404) return false;
      throw e;
    }
  }

  /**
   * Opens a watch. Events arrive through onEvent; onClose is called once
   * when the stream ends for any reason (an error, a 410, a server close).
   */
  watch<T extends KubeObjectLike = KubeObject>(
    type: ResourceType,
    options: {
      resourceVersion: string;
      namespace?: string;
      labelSelector?: string;
      timeoutSeconds: number;
    },
    onEvent: (event: WatchEvent<T>) => void,
    onClose: (error?: Error) => void,
  ): { stop(): void } {
    let closed = false;
    let request: http.ClientRequest | undefined;
    const close = (error?: Error) => {
      if (closed) return;
      closed = true;
      request?.destroy();
      onClose(error);
    };
    const url = this.#url(collectionPath(type, options.namespace), {
      watch: 1,
      resourceVersion: options.resourceVersion,
      labelSelector: options.labelSelector,
      timeoutSeconds: options.timeoutSeconds,
      allowWatchBookmarks: true,
    });
    this.#prepare('GET', url, undefined)
      .then(requestOptions => {
        if (closed) return;
        request = this.#transport(url).request(url, requestOptions, res => {
          this.#onResponse?.('WATCH', res.statusCode ?? 0);
          if (res.statusCode !== 200) {
            readBody(res)
              .then(text => close(KubeApiError.fromResponse(res, text)))
              .catch(close);
            return;
          }
          const lines = createInterface({ input: res });
          lines.on('line', line => {
            if (closed || !line.trim()) return;
            let event: WatchEvent<T>;
            try {
              event = JSON.parse(line);
            } catch {
              close(new Error('malformed watch event'));
              return;
            }
            if (event.type === 'ERROR') {
              const status = event.object as unknown as {
                code?: number;
                reason?: string;
                message?: string;
              };
              close(
                new KubeApiError(
                  status.code ?? 500,
                  status.reason ?? 'WatchError',
                  status.message ?? 'watch error',
                ),
              );
              return;
            }
            onEvent(event);
          });
          lines.on('error', close);
          res.on('error', close);
          res.on('close', () => close());
        });
        request.on('error', error => {
          this.#onResponse?.('WATCH', 'error');
          close(error);
        });
        request.end();
      })
      .catch(close);
    return { stop: () => close() };
  }

  async #request<T>(
    method: string,
    path: string,
    options: RequestOptions,
  ): Promise<T> {
    const url = this.#url(path, options.query);
    const body =
      options.body === undefined ? undefined : JSON.stringify(options.body);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#once<T>(method, url, body, options.contentType);
      } catch (error) {
        if (
          this.#closed ||
          !options.idempotent ||
          attempt >= this.#maxRetries ||
          !isRetryable(error)
        ) {
          throw error;
        }
        const retryAfterMs =
          error instanceof KubeApiError && error.retryAfterSeconds !== undefined
            ? Math.min(error.retryAfterSeconds, 10) * 1000
            : 0;
        const backoffMs = 50 * 2 ** attempt * (0.5 + Math.random());
        await sleep(Math.max(retryAfterMs, backoffMs));
      }
    }
  }

  async #once<T>(
    method: string,
    url: URL,
    body: string | undefined,
    contentType: string | undefined,
  ): Promise<T> {
    const requestOptions = await this.#prepare(method, url, contentType);
    if (body !== undefined) {
      (requestOptions.headers as Record<string, string>)['content-length'] =
        String(Buffer.byteLength(body));
    }
    return new Promise<T>((resolve, reject) => {
      const request = this.#transport(url).request(url, requestOptions, res => {
        readBody(res)
          .then(text => {
            this.#onResponse?.(method, res.statusCode ?? 0);
            const code = res.statusCode ?? 0;
            if (code >= 200 && code < 300) {
              resolve((text ? JSON.parse(text) : {}) as T);
            } else {
              reject(KubeApiError.fromResponse(res, text));
            }
          })
          .catch(reject);
      });
      request.setTimeout(this.#timeoutMs, () =>
        request.destroy(
          Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' }),
        ),
      );
      request.on('error', error => {
        this.#onResponse?.(method, 'error');
        reject(error);
      });
      request.end(body);
    });
  }

  async #prepare(
    method: string,
    url: URL,
    contentType: string | undefined,
  ): Promise<https.RequestOptions> {
    const options: https.RequestOptions = { headers: {} };
    await this.#kubeConfig.applyToHTTPSOptions(options);
    if (!this.#agent) {
      this.#agent =
        url.protocol === 'http:'
          ? new http.Agent({ keepAlive: true, maxSockets: 64 })
          : new https.Agent({
              keepAlive: true,
              maxSockets: 64,
              ca: options.ca,
              cert: options.cert,
              key: options.key,
              rejectUnauthorized:
                !this.#kubeConfig.getCurrentCluster()?.skipTLSVerify,
            });
    }
    const headers: Record<string, string> = {
      ...(options.headers as Record<string, string>),
      accept: 'application/json',
    };
    if (
      contentType ||
      method === 'POST' ||
      method === 'PUT' ||
      method === 'DELETE'
    ) {
      headers['content-type'] = contentType ?? 'application/json';
    }
    return {
      method,
      headers,
      auth: options.auth,
      agent: this.#agent,
    };
  }

  #transport(url: URL) {
    return url.protocol === 'http:' ? http : https;
  }

  #url(path: string, query?: RequestOptions['query']): URL {
    const base = this.#server.href.replace(/\/$/, '');
    const url = new URL(base + path);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== '')
        url.searchParams.set(key, String(value));
    }
    return url;
  }
}

function readBody(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', chunk => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

/**
 * client-node 1.x refuses an http:// server unless the kubeconfig also says
 * insecure-skip-tls-verify, although there is no TLS to verify (kubectl
 * accepts it). Local API servers such as kube-sim are plain HTTP, so such a
 * cluster entry gets the flag here.
 */
function allowPlainHttp(kubeConfig: KubeConfig): KubeConfig {
  const cluster = kubeConfig.getCurrentCluster();
  if (
    !cluster ||
    !cluster.server.startsWith('http:') ||
    cluster.skipTLSVerify
  ) {
    return kubeConfig;
  }
  const copy = new KubeConfig();
  copy.loadFromOptions({
    clusters: kubeConfig.clusters.map(c =>
      c.name === cluster.name ? { ...c, skipTLSVerify: true } : c,
    ),
    users: kubeConfig.users,
    contexts: kubeConfig.contexts,
    currentContext: kubeConfig.currentContext,
  });
  return copy;
}
