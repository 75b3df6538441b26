import http from 'node:http';
import { Counter, Registry } from 'prom-client';
import { KubeClient } from '../kube/KubeClient';
import { resourceType } from '../kube/resources';
import { KubeObject } from '../kube/types';
import { HttpListener } from '../runtime/HttpListener';
import { Informer } from '../runtime/Informer';
import { LogEntry, requestLogPage, standInPage } from './gatewayPages';
import { findRoute, Route, routesOf } from './routeTable';

/**
 * The local default's ingress controller: implements the sandboxes' Ingress
 * objects in kube-sim on one port (`http://<endpoint>-<sandbox>.sandbox.localhost:<port>/`;
 * browsers and curl resolve *.localhost to loopback). It watches Ingresses
 * and Services as a real controller does, so a routing switch is served as
 * soon as the watch delivers it. kube-sim runs no containers, so a route to
 * an app's Service answers with a stand-in page; a route to an ExternalName
 * Service (the operator's waker, while a sandbox sleeps) is proxied to that
 * name. Requests are counted per namespace as ingress-nginx counts them, so
 * the autoscaler's `ingress-nginx` preset query works unchanged against a
 * Prometheus scraping `/metrics`. A dev tool: not part of the operator's image.
 */

/** Served on the gateway's own address (127.0.0.1 / localhost), not on sandbox hosts. */
const CONTROL_HOSTS = new Set(['127.0.0.1', 'localhost']);
const LOG_ENTRIES_PER_NAMESPACE = 200;
const INGRESS = resourceType('networking.k8s.io/v1', 'Ingress');
const SERVICE = resourceType('v1', 'Service');

interface ServiceSpec {
  type?: string;
  externalName?: string;
}

export interface IngressGateway {
  url: string;
  port: number;
  /** The request log of one namespace, as a page. */
  requestLogUrl(namespace: string): string;
  /** Where it sends a request now: the route, and the ExternalName it proxies to (the waker) if any. */
  backendOf(
    host: string,
    path: string,
  ): { route: Route; externalName?: string } | undefined;
  stop(): Promise<void>;
}

export async function startIngressGateway(options: {
  client: KubeClient;
  port: number;
  /** Called after each watch event has been applied to the routing table. */
  onChange?: () => void;
  onError?: (message: string) => void;
}): Promise<IngressGateway> {
  let routes: Route[] = [];
  const logs = new Map<string, LogEntry[]>();
  const registry = new Registry();
  const requests = new Counter({
    name: 'nginx_ingress_controller_requests',
    help: 'The total number of client requests (local ingress gateway, labelled as ingress-nginx labels them).',
    labelNames: [
      'controller_class',
      'controller_namespace',
      'controller_pod',
      'host',
      'ingress',
      'method',
      'namespace',
      'path',
      'service',
      'status',
      'canary',
    ],
    registers: [registry],
  });

  const onError = (error: unknown) =>
    options.onError?.(
      `ingress gateway: ${error instanceof Error ? error.message : error}`,
    );
  // The routing table is rebuilt on every event: the local cluster holds a
  // few hundred Ingresses at most.
  const ingresses: Informer<KubeObject> = new Informer<KubeObject>({
    client: options.client,
    type: INGRESS,
    onEvent: () => {
      routes = routesOf(ingresses.list());
      options.onChange?.();
    },
    onError,
  });
  const services = new Informer<KubeObject>({
    client: options.client,
    type: SERVICE,
    onEvent: () => options.onChange?.(),
    onError,
  });
  services.start();
  ingresses.start();
  await Promise.all([services.waitForSync(), ingresses.waitForSync()]);

  const backendOf = (host: string, path: string) => {
    const route = findRoute(routes, host, path);
    if (!route) return undefined;
    const service = services.get(`${route.namespace}/${route.service}`)
      ?.spec as ServiceSpec | undefined;
    return {
      route,
      externalName:
        service?.type === 'ExternalName' ? service.externalName : undefined,
    };
  };

  const record = (route: Route, req: http.IncomingMessage, entry: LogEntry) => {
    requests.inc({
      controller_class: 'k8s.io/ingress-nginx',
      controller_namespace: 'local',
      controller_pod: 'local-ingress-gateway',
      host: route.host,
      ingress: route.ingress,
      method: req.method ?? 'GET',
      namespace: route.namespace,
      path: route.path,
      service: route.service,
      status: String(entry.status),
      canary: '',
    });
    const log = logs.get(route.namespace) ?? [];
    log.push(entry);
    if (log.length > LOG_ENTRIES_PER_NAMESPACE) log.shift();
    logs.set(route.namespace, log);
  };

  const control = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (url.pathname === '/metrics') {
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(await registry.metrics());
      return;
    }
    if (url.pathname === '/requests') {
      const namespace = url.searchParams.get('namespace') ?? '';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        requestLogPage(
          namespace,
          logs.get(namespace) ?? [],
          LOG_ENTRIES_PER_NAMESPACE,
        ),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(
      `Local ingress gateway: ${routes.length} routes.\n${routes
        .map(r => `${r.host}${r.path} -> ${r.namespace}/${r.service}:${r.port}`)
        .join('\n')}\n`,
    );
  };

  const proxy = (
    target: string,
    port: number,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    finish: (status: number, to: string) => void,
  ) => {
    const upstream = http.request(
      {
        host: target === 'localhost' ? '127.0.0.1' : target,
        port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', () => finish(answer.statusCode ?? 502, target));
      },
    );
    upstream.on('error', error => {
      finish(502, `${target} (unreachable)`);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${target} did not answer: ${error.message}\n`);
    });
    req.pipe(upstream);
  };

  const handler: http.RequestListener = (req, res) => {
    const started = Date.now();
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    if (CONTROL_HOSTS.has(host)) {
      control(req, res).catch(error => {
        res.writeHead(500);
        res.end(String(error));
      });
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    const backend = backendOf(host, path);
    if (!backend) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`No Ingress in the local cluster serves ${host}${path}.\n`);
      return;
    }
    const { route, externalName } = backend;
    const finish = (status: number, to: string) =>
      record(route, req, {
        time: new Date(started).toISOString(),
        method: req.method ?? 'GET',
        host,
        path: req.url ?? '/',
        status,
        to,
        ms: Date.now() - started,
      });
    if (externalName) {
      proxy(externalName, route.port, req, res, finish);
      return;
    }
    finish(200, `${route.service}:${route.port} (stand-in)`);
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    });
    res.end(standInPage(route));
  };
  let listener: HttpListener;
  try {
    listener = await HttpListener.start({
      port: options.port,
      host: '127.0.0.1',
      handler,
    });
  } catch (error) {
    ingresses.stop();
    services.stop();
    throw error;
  }
  const port = listener.port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    requestLogUrl: namespace =>
      `${url}/requests?namespace=${encodeURIComponent(namespace)}`,
    backendOf,
    async stop() {
      ingresses.stop();
      services.stop();
      await listener.close();
    },
  };
}
