import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Counter, Registry } from 'prom-client';

/**
 * The local default's ingress controller: implements the sandboxes' Ingress
 * objects in kube-sim on one port (`http://<endpoint>-<sandbox>.sandbox.localhost:<port>/`;
 * browsers and curl resolve *.localhost to loopback). kube-sim runs no
 * containers, so a route to an app's Service answers with a stand-in page;
 * a route to an ExternalName Service (the operator's waker, while a sandbox
 * sleeps) is proxied to that name. Requests are counted per namespace as
 * ingress-nginx counts them, so the autoscaler's `ingress-nginx` preset
 * query works unchanged against a Prometheus scraping `/metrics`.
 */

/** Served on the gateway's own address (127.0.0.1 / localhost), not on sandbox hosts. */
const CONTROL_HOSTS = new Set(['127.0.0.1', 'localhost']);
/** How often the routing table is read again from kube-sim. */
const SYNC_MS = 300;
const LOG_ENTRIES_PER_NAMESPACE = 200;

interface Route {
  host: string;
  path: string;
  namespace: string;
  ingress: string;
  service: string;
  port: number;
}

interface ServiceInfo {
  type?: string;
  externalName?: string;
}

interface LogEntry {
  time: string;
  method: string;
  host: string;
  path: string;
  status: number;
  to: string;
  ms: number;
}

export interface IngressGateway {
  url: string;
  port: number;
  /** The request log of one namespace, as a page. */
  requestLogUrl(namespace: string): string;
  stop(): Promise<void>;
}

interface KubeList<T> {
  items: T[];
}
interface KubeIngress {
  metadata: { name: string; namespace: string };
  spec: {
    rules?: Array<{
      host?: string;
      http?: {
        paths: Array<{
          path?: string;
          backend: { service: { name: string; port: { number: number } } };
        }>;
      };
    }>;
  };
}
interface KubeService {
  metadata: { name: string; namespace: string };
  spec: ServiceInfo;
}

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"]/g,
    c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]!),
  );

export async function startIngressGateway(options: {
  kubeSimUrl: string;
  port: number;
  onError?: (message: string) => void;
}): Promise<IngressGateway> {
  let routes: Route[] = [];
  let services = new Map<string, ServiceInfo>();
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

  const sync = async () => {
    const get = async <T>(path: string): Promise<T[]> => {
      const response = await fetch(`${options.kubeSimUrl}${path}`);
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      return ((await response.json()) as KubeList<T>).items;
    };
    const [ingresses, serviceList] = await Promise.all([
      get<KubeIngress>('/apis/networking.k8s.io/v1/ingresses'),
      get<KubeService>('/api/v1/services'),
    ]);
    routes = ingresses.flatMap(ingress =>
      (ingress.spec.rules ?? []).flatMap(rule =>
        (rule.http?.paths ?? []).map(p => ({
          host: rule.host ?? '',
          path: p.path ?? '/',
          namespace: ingress.metadata.namespace,
          ingress: ingress.metadata.name,
          service: p.backend.service.name,
          port: p.backend.service.port.number,
        })),
      ),
    );
    // Longest path first: the most specific prefix wins, as in ingress-nginx.
    routes.sort((a, b) => b.path.length - a.path.length);
    services = new Map(
      serviceList.map(s => [
        `${s.metadata.namespace}/${s.metadata.name}`,
        s.spec,
      ]),
    );
  };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const loop = async () => {
    try {
      await sync();
    } catch (error) {
      options.onError?.(`ingress gateway: ${(error as Error).message}`);
    }
    if (!stopped) timer = setTimeout(loop, SYNC_MS);
  };
  await loop();

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
      const rows = [...(logs.get(namespace) ?? [])]
        .reverse()
        .map(
          e =>
            `<tr><td>${e.time}</td><td>${e.method}</td><td>${escapeHtml(
              e.host + e.path,
            )}</td><td>${e.status}</td><td>${escapeHtml(e.to)}</td><td>${
              e.ms
            } ms</td></tr>`,
        )
        .join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><meta charset="utf-8"><title>Requests to ${escapeHtml(
        namespace,
      )}</title><style>body{font-family:system-ui,sans-serif}td{padding:2px 8px}</style>
<h1>Requests to namespace ${escapeHtml(namespace)}</h1>
<p>The local ingress gateway's log (newest first, the last ${LOG_ENTRIES_PER_NAMESPACE}); it is kept in memory until the local default stops.</p>
<table><tr><th>time</th><th>method</th><th>URL</th><th>status</th><th>answered by</th><th>took</th></tr>${
        rows || '<tr><td colspan="6">No requests yet.</td></tr>'
      }</table>`);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(
      `Local ingress gateway: ${routes.length} routes.\n${routes
        .map(r => `${r.host}${r.path} -> ${r.namespace}/${r.service}:${r.port}`)
        .join('\n')}\n`,
    );
  };

  const server = http.createServer((req, res) => {
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
    const route = routes.find(r => r.host === host && path.startsWith(r.path));
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`No Ingress in the local cluster serves ${host}${path}.\n`);
      return;
    }
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
    const service = services.get(`${route.namespace}/${route.service}`);
    if (service?.type === 'ExternalName' && service.externalName) {
      const target =
        service.externalName === 'localhost'
          ? '127.0.0.1'
          : service.externalName;
      const upstream = http.request(
        {
          host: target,
          port: route.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        answer => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', () =>
            finish(answer.statusCode ?? 502, `${service.externalName}`),
          );
        },
      );
      upstream.on('error', error => {
        finish(502, `${service.externalName} (unreachable)`);
        if (res.headersSent) {
          res.destroy();
          return;
        }
        res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`${service.externalName} did not answer: ${error.message}\n`);
      });
      req.pipe(upstream);
      return;
    }
    finish(200, `${route.service}:${route.port} (stand-in)`);
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    });
    res.end(`<!doctype html><meta charset="utf-8"><title>${escapeHtml(
      host,
    )}</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;line-height:1.5}</style>
<h1 id="stand-in">${escapeHtml(host)} is up</h1>
<p>The local ingress gateway routed this request to Service <code>${escapeHtml(
      route.service,
    )}:${route.port}</code> in namespace <code>${escapeHtml(
      route.namespace,
    )}</code>, as the Ingress <code>${escapeHtml(
      route.ingress,
    )}</code> says.</p>
<p>kube-sim runs no containers, so there is no app behind that Service: on a real cluster your app answers here.</p>`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    requestLogUrl: namespace =>
      `${url}/requests?namespace=${encodeURIComponent(namespace)}`,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
