import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ApiServer } from './api/ApiServer';
import type { Controller } from './controllers/Controller';
import { CrdController } from './controllers/CrdController';
import { QuotaController } from './controllers/QuotaController';
import { GarbageCollector } from './controllers/GarbageCollector';
import { NamespaceController } from './controllers/NamespaceController';
import { registerNode } from './controllers/registerNode';
import { startWorkloadControllers } from './controllers/startWorkloadControllers';
import { Faults } from './faults/Faults';
import { createRequestListener } from './http/createRequestListener';
import {
  buildKubeConfig,
  KubeConfigObject,
  kubeConfigYaml,
} from './kubeconfig';
import { ResourceRegistry } from './registry/ResourceRegistry';
import { StatePersistence } from './state/StatePersistence';
import { ObjectStore } from './storage/ObjectStore';
import { PodLogs } from './storage/PodLogs';
import { WatchHub } from './watch/WatchHub';

/** Options of {@link startKubeSim}. @public */
export interface KubeSimOptions {
  /** Port to listen on; 0 (the default) picks a free port. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** How long the simulated kubelet and controllers take per step (default 100 ms). */
  kubeletDelayMs?: number;
  /** A JSON file to load state from on start and to persist state to on change. */
  statePath?: string;
  /** How many change events watches can replay before 410 Expired (default 10,000). */
  historyLimit?: number;
  /** Interval of BOOKMARK events on watches that allow them (default 15 s). */
  bookmarkIntervalMs?: number;
  /** Create "default" ServiceAccount and "kube-root-ca.crt" in new namespaces (default true). */
  populateNamespaces?: boolean;
  /** A bearer token to put in the kubeconfig (kube-sim does not check it). */
  token?: string;
}

/** A running simulator. @public */
export interface KubeSim {
  /** http://host:port */
  readonly url: string;
  readonly port: number;
  /** A kubeconfig (YAML) with cluster, user and context "kube-sim" pointing at url. */
  kubeConfigYaml(): string;
  /** Same as kubeConfigYaml(). */
  kubeConfig(): string;
  /** The kubeconfig as an object. */
  readonly kubeconfigObject: KubeConfigObject;
  /** Fault injection. */
  readonly faults: Faults;
  /** The API semantics, for direct access from tests (no HTTP). */
  readonly api: ApiServer;
  /** Appends a line to a simulated container's log. */
  appendPodLog(
    namespace: string,
    pod: string,
    container: string,
    line: string,
  ): void;
  /** Deletes everything (custom kinds included), ends watches, clears faults, re-creates the default namespaces. */
  reset(): Promise<void>;
  /** Stops the server, controllers and persistence. */
  stop(): Promise<void>;
}

const DEFAULT_NAMESPACES = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
];

/** Starts a Kubernetes API simulator. @public */
export async function startKubeSim(
  options: KubeSimOptions = {},
): Promise<KubeSim> {
  const host = options.host ?? '127.0.0.1';
  const store = new ObjectStore(options.historyLimit ?? 10_000);
  const registry = new ResourceRegistry();
  const api = new ApiServer(store, registry);
  const watches = new WatchHub(store);
  const logs = new PodLogs();
  const faults = new Faults(watches, store);
  const persistence = options.statePath
    ? new StatePersistence(options.statePath, store)
    : undefined;

  const crds = new CrdController(api);
  const loaded = persistence?.load() ?? false;
  if (loaded) crds.registerStored();
  const controllers: Controller[] = [
    crds,
    new NamespaceController(api, {
      populateNamespaces: options.populateNamespaces ?? true,
    }),
    new GarbageCollector(api),
    new QuotaController(api),
    ...startWorkloadControllers(api, logs, {
      delayMs: options.kubeletDelayMs ?? 100,
    }),
  ];
  const seed = () => {
    const nsRt = registry.lookup('', 'v1', 'namespaces')!;
    for (const name of DEFAULT_NAMESPACES) {
      if (!api.find(nsRt, '', name))
        api.create(
          nsRt,
          '',
          { metadata: { name } },
          { fieldManager: 'kube-apiserver' },
        );
    }
    registerNode(api);
  };
  seed();
  if (loaded) store.resyncListeners();
  persistence?.start();

  const sockets = new Set<Socket>();
  const server = http.createServer(
    createRequestListener({
      api,
      watches,
      logs,
      faults,
      watchOptions: {
        bookmarkIntervalMs: options.bookmarkIntervalMs ?? 15_000,
      },
    }),
  );
  server.keepAliveTimeout = 65_000;
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  const kubeconfigObject = buildKubeConfig(url, 'kube-sim', options.token);

  return {
    url,
    port,
    kubeconfigObject,
    faults,
    api,
    kubeConfigYaml: () => kubeConfigYaml(kubeconfigObject),
    kubeConfig: () => kubeConfigYaml(kubeconfigObject),
    appendPodLog: (namespace, pod, container, line) =>
      logs.append(namespace, pod, container, line),
    async reset() {
      faults.clear();
      watches.endAll();
      controllers.forEach(c => c.clear());
      for (const crd of store.list(
        'customresourcedefinitions.apiextensions.k8s.io',
      )) {
        registry.removeCustomResources(crd.metadata.name!);
      }
      store.clear();
      logs.clear();
      seed();
    },
    async stop() {
      controllers.forEach(c => c.stop());
      watches.destroyAll();
      persistence?.stop();
      await new Promise<void>(resolve => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
