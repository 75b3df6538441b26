import { KubeObject } from '../kube/types';

/** One host + path prefix of an Ingress, and the Service port it names. */
export interface Route {
  host: string;
  path: string;
  namespace: string;
  ingress: string;
  service: string;
  port: number;
}

interface IngressSpec {
  rules?: Array<{
    host?: string;
    http?: {
      paths: Array<{
        path?: string;
        backend: { service?: { name: string; port: { number?: number } } };
      }>;
    };
  }>;
}

/** The routes of some Ingresses, most specific path prefix first (as ingress-nginx matches). */
export function routesOf(ingresses: KubeObject[]): Route[] {
  const routes = ingresses.flatMap(ingress =>
    ((ingress.spec as IngressSpec | undefined)?.rules ?? []).flatMap(rule =>
      (rule.http?.paths ?? []).flatMap(p =>
        p.backend.service
          ? [
              {
                host: rule.host ?? '',
                path: p.path ?? '/',
                namespace: ingress.metadata.namespace!,
                ingress: ingress.metadata.name!,
                service: p.backend.service.name,
                port: p.backend.service.port.number ?? 80,
              },
            ]
          : [],
      ),
    ),
  );
  return routes.sort((a, b) => b.path.length - a.path.length);
}

/** The route for a request, or undefined. */
export function findRoute(
  routes: Route[],
  host: string,
  path: string,
): Route | undefined {
  return routes.find(r => r.host === host && path.startsWith(r.path));
}
