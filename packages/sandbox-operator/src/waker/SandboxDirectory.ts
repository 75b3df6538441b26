import {
  SANDBOX_API_GROUP,
  SANDBOX_API_GROUP_VERSION,
  SandboxResource,
  SandboxTemplateResource,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { KubeClient } from '../kube/KubeClient';
import { resourceType } from '../kube/resources';
import { Informer, InformerEvent } from '../runtime/Informer';

/** How many deleted sandboxes' hosts are remembered, for their pages. */
const REMEMBERED_GONE = 1_000;

/** A sandbox that no longer exists, as last seen. */
export interface GoneSandbox {
  name: string;
  expired: boolean;
}

/**
 * The waker's view of the cluster: Sandboxes by endpoint host and their
 * templates. Every operator instance keeps one, leader or not, so any
 * replica behind the waker's Service can answer. Its caches keep only what
 * the waker reads.
 */
export class SandboxDirectory {
  readonly #sandboxes: Informer<SandboxResource>;
  readonly #templates: Informer<SandboxTemplateResource>;
  readonly #byHost = new Map<string, string>();
  readonly #gone = new Map<string, GoneSandbox>();
  readonly #listeners = new Set<(sandbox: SandboxResource) => void>();

  constructor(options: {
    client: KubeClient;
    onError: (error: unknown) => void;
  }) {
    this.#sandboxes = new Informer<SandboxResource>({
      client: options.client,
      type: resourceType(SANDBOX_API_GROUP_VERSION, 'Sandbox'),
      transform: trimForWaker,
      onEvent: e => this.#onSandbox(e),
      onError: options.onError,
    });
    this.#templates = new Informer<SandboxTemplateResource>({
      client: options.client,
      type: resourceType(SANDBOX_API_GROUP_VERSION, 'SandboxTemplate'),
      transform: t => ({
        apiVersion: t.apiVersion,
        kind: t.kind,
        metadata: { name: t.metadata.name },
        spec: {
          endpoints: t.spec.endpoints,
          wake: t.spec.wake,
        } as SandboxTemplateResource['spec'],
      }),
      onEvent: () => {},
      onError: options.onError,
    });
  }

  start(): void {
    this.#sandboxes.start();
    this.#templates.start();
  }

  stop(): void {
    this.#sandboxes.stop();
    this.#templates.stop();
  }

  async waitForSync(): Promise<void> {
    await Promise.all([
      this.#sandboxes.waitForSync(),
      this.#templates.waitForSync(),
    ]);
  }

  get synced(): boolean {
    return this.#sandboxes.synced && this.#templates.synced;
  }

  /** The Sandbox serving a host, if one does. */
  byHost(host: string): SandboxResource | undefined {
    const name = this.#byHost.get(host);
    return name ? this.#sandboxes.get(name) : undefined;
  }

  /** A sandbox that served this host and was deleted since. */
  goneByHost(host: string): GoneSandbox | undefined {
    return this.#gone.get(host);
  }

  template(name: string): SandboxTemplateResource | undefined {
    return this.#templates.get(name);
  }

  /** Calls back on every change of any Sandbox; returns the unsubscribe. */
  subscribe(listener: (sandbox: SandboxResource) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #onSandbox(event: InformerEvent<SandboxResource>) {
    const sandbox = event.object;
    const name = sandbox.metadata.name!;
    const hosts = hostsOf(sandbox);
    if (event.type === 'delete') {
      const expired =
        sandbox.status?.phase === 'Expired' ||
        Date.parse(sandbox.spec.expiresAt) <= Date.now();
      for (const host of hosts) {
        if (this.#byHost.get(host) === name) this.#byHost.delete(host);
        this.#gone.delete(host);
        this.#gone.set(host, { name, expired });
      }
      while (this.#gone.size > REMEMBERED_GONE) {
        this.#gone.delete(this.#gone.keys().next().value!);
      }
    } else {
      for (const host of hostsOf(event.previous)) {
        if (!hosts.includes(host)) this.#byHost.delete(host);
      }
      for (const host of hosts) {
        this.#byHost.set(host, name);
        this.#gone.delete(host);
      }
    }
    for (const listener of this.#listeners) listener(sandbox);
  }
}

function hostsOf(sandbox: SandboxResource | undefined): string[] {
  return (sandbox?.status?.endpoints ?? []).flatMap(endpoint => {
    try {
      return [new URL(endpoint.url).hostname];
    } catch {
      return [];
    }
  });
}

/** What the waker reads of a Sandbox. */
function trimForWaker(sandbox: SandboxResource): SandboxResource {
  const annotations = Object.entries(sandbox.metadata.annotations ?? {}).filter(
    ([key]) => key.startsWith(`${SANDBOX_API_GROUP}/`),
  );
  return {
    apiVersion: sandbox.apiVersion,
    kind: sandbox.kind,
    metadata: {
      name: sandbox.metadata.name,
      uid: sandbox.metadata.uid,
      resourceVersion: sandbox.metadata.resourceVersion,
      deletionTimestamp: sandbox.metadata.deletionTimestamp,
      ...(annotations.length
        ? { annotations: Object.fromEntries(annotations) }
        : {}),
    },
    spec: {
      templateRef: sandbox.spec.templateRef,
      owner: sandbox.spec.owner,
      displayName: sandbox.spec.displayName,
      suspend: sandbox.spec.suspend,
      expiresAt: sandbox.spec.expiresAt,
    },
    status: sandbox.status && {
      phase: sandbox.status.phase,
      namespace: sandbox.status.namespace,
      endpoints: sandbox.status.endpoints,
      recentWakeSeconds: sandbox.status.recentWakeSeconds,
    },
  };
}
