/**
 * PromQL presets for the request metrics of common ingress controllers,
 * gateways and meshes. Each returns one series per sandbox namespace with the
 * number of requests over `{{window}}` (the autoscaler fills it in, e.g. "1800s").
 * They count requests answered while the sandbox is scaled to zero (the
 * proxy still sees them, with 503s), which is what wakes a sandbox up.
 */
export const PROMQL_PRESETS = {
  /** ingress-nginx: the controller labels requests with the Ingress namespace. */
  'ingress-nginx':
    'sum by (namespace) (increase(nginx_ingress_controller_requests[{{window}}]))',
  /**
   * Envoy Gateway (Gateway API): Envoy names the upstream cluster of an
   * HTTPRoute "httproute/<namespace>/<name>/rule/<n>".
   */
  'envoy-gateway':
    'sum by (namespace) (label_replace(increase(envoy_cluster_upstream_rq_total{envoy_cluster_name=~"httproute/.+"}[{{window}}]), "namespace", "$1", "envoy_cluster_name", "httproute/([^/]+)/.*"))',
  /**
   * Istio: requests as reported by the ingress gateway (the source side keeps
   * reporting while the sandbox's own pods, and their sidecars, are gone).
   */
  istio:
    'sum by (namespace) (label_replace(increase(istio_requests_total{reporter="source",source_workload=~"istio-ingressgateway.*"}[{{window}}]), "namespace", "$1", "destination_service_namespace", "(.+)"))',
  /**
   * Traefik (Kubernetes Ingress and IngressRoute providers): services are named
   * "<namespace>-<service>-<port>@kubernetes…". Assumes service names without
   * "-"; adjust the regular expression to your naming otherwise.
   */
  traefik:
    'sum by (namespace) (label_replace(increase(traefik_service_requests_total{service=~".+@kubernetes.*"}[{{window}}]), "namespace", "$1", "service", "(.+)-[^-]+-[0-9]+@kubernetes.*"))',
} as const;

export type PromqlPresetName = keyof typeof PROMQL_PRESETS;

export function isPromqlPresetName(name: string): name is PromqlPresetName {
  return Object.prototype.hasOwnProperty.call(PROMQL_PRESETS, name);
}
