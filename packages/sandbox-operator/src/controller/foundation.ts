import { SandboxTemplateSpec } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { KubeObject } from '../kube/types';

/** Names of the objects the operator creates in every sandbox namespace. */
export const FoundationNames = {
  resourceQuota: 'sandbox-quota',
  limitRange: 'sandbox-limits',
  networkPolicy: 'sandbox-isolation',
  serviceAccount: 'sandbox',
  parameters: 'sandbox-parameters',
  credentials: 'sandbox-credentials',
} as const;

const dnsPorts = [
  { protocol: 'UDP', port: 53 },
  { protocol: 'TCP', port: 53 },
];

const namespaceSelector = (name: string) => ({
  namespaceSelector: {
    matchLabels: { 'kubernetes.io/metadata.name': name },
  },
});

/**
 * The NetworkPolicy of a mode. isolated (the default): ingress only from the
 * namespace itself and the ingress controller; egress only to the namespace,
 * DNS and the ingress controller. namespace: the same ingress rule, any
 * egress. open: no policy.
 */
export function networkPolicy(
  mode: NonNullable<SandboxTemplateSpec['networkPolicy']>['mode'],
  meta: { namespace: string; labels: Record<string, string> },
  ingressNamespace: string,
): KubeObject | undefined {
  if (mode === 'open') return undefined;
  const ingress = [
    { from: [{ podSelector: {} }, namespaceSelector(ingressNamespace)] },
  ];
  const spec: Record<string, unknown> = {
    podSelector: {},
    policyTypes: mode === 'isolated' ? ['Ingress', 'Egress'] : ['Ingress'],
    ingress,
  };
  if (mode === 'isolated') {
    spec.egress = [
      { to: [{ podSelector: {} }, namespaceSelector(ingressNamespace)] },
      { to: [{ namespaceSelector: {} }], ports: dnsPorts },
    ];
  }
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: FoundationNames.networkPolicy, ...meta },
    spec,
  };
}
