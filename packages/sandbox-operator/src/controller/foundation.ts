import { SandboxTemplateSpec } from '@sandboxkit/backstage-plugin-sandboxes-common';
import {
  NetworkPolicyPeer,
  OperatorConfig,
  POD_SECURITY_LEVELS,
  PodSecurityLevel,
} from '../config';
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

const namespacePeer = (name: string): NetworkPolicyPeer => ({
  namespaceSelector: {
    matchLabels: { 'kubernetes.io/metadata.name': name },
  },
});

/**
 * Anywhere but the blocked addresses. Plugins such as Cilium do not match
 * pod addresses with ipBlock, so pods of any namespace are a peer of their own.
 */
function anywhereBut(blocked: string[]): NetworkPolicyPeer[] {
  const except = (family: 'v4' | 'v6') =>
    blocked.filter(cidr => cidr.includes(':') === (family === 'v6'));
  const block = (cidr: string, family: 'v4' | 'v6') =>
    except(family).length
      ? { ipBlock: { cidr, except: except(family) } }
      : { ipBlock: { cidr } };
  return [
    { namespaceSelector: {} },
    block('0.0.0.0/0', 'v4'),
    block('::/0', 'v6'),
  ];
}

/**
 * The NetworkPolicy of a mode. Every mode keeps pods away from the cloud
 * metadata addresses (blockedEgressCidrs), whose credentials belong to the
 * node. isolated (the default): ingress only from the namespace itself and
 * the ingress controller; egress only to the namespace, DNS and the ingress
 * controller. namespace: the same ingress rule, any other egress. open: any
 * ingress, any other egress.
 */
export function networkPolicy(
  mode: NonNullable<SandboxTemplateSpec['networkPolicy']>['mode'],
  meta: { namespace: string; labels: Record<string, string> },
  config: Pick<
    OperatorConfig,
    | 'ingressNamespace'
    | 'ingressPeers'
    | 'dnsPeers'
    | 'dnsPorts'
    | 'blockedEgressCidrs'
  >,
): KubeObject {
  const ingressPeers = config.ingressPeers ?? [
    namespacePeer(config.ingressNamespace),
  ];
  const spec: Record<string, unknown> = {
    podSelector: {},
    policyTypes: mode === 'open' ? ['Egress'] : ['Ingress', 'Egress'],
  };
  if (mode !== 'open') {
    spec.ingress = [{ from: [{ podSelector: {} }, ...ingressPeers] }];
  }
  spec.egress =
    mode === 'isolated'
      ? [
          { to: [{ podSelector: {} }, ...ingressPeers] },
          { to: config.dnsPeers, ports: config.dnsPorts },
        ]
      : [{ to: anywhereBut(config.blockedEgressCidrs) }];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: FoundationNames.networkPolicy, ...meta },
    spec,
  };
}

/**
 * The Pod Security Admission level of a sandbox namespace: the operator's,
 * or the template's when that is stricter.
 */
export function podSecurityLevel(
  configured: PodSecurityLevel,
  requested: PodSecurityLevel | undefined,
): PodSecurityLevel {
  const rank = (level: PodSecurityLevel) => POD_SECURITY_LEVELS.indexOf(level);
  return requested && rank(requested) > rank(configured)
    ? requested
    : configured;
}

/** Namespace labels that make Pod Security Admission enforce, audit and warn on a level. */
export function podSecurityLabels(
  level: PodSecurityLevel,
): Record<string, string> {
  return Object.fromEntries(
    ['enforce', 'audit', 'warn'].flatMap(mode => [
      [`pod-security.kubernetes.io/${mode}`, level],
      [`pod-security.kubernetes.io/${mode}-version`, 'latest'],
    ]),
  );
}
