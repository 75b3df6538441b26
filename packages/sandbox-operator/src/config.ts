import {
  DEFAULT_DRY_RUN_NAMESPACE,
  DEFAULT_RESERVED_NAMESPACES,
  DEFAULT_SANDBOX_NAMESPACE_PREFIX,
  DEFAULT_SECRET_PARAMETERS_NAMESPACE,
} from '@sandboxkit/backstage-plugin-sandboxes-common';

/** A Pod Security Admission level, weakest first. */
export const POD_SECURITY_LEVELS = [
  'privileged',
  'baseline',
  'restricted',
] as const;
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];

/** A networking.k8s.io/v1 NetworkPolicyPeer. */
export type NetworkPolicyPeer = Record<string, unknown>;

/** A networking.k8s.io/v1 NetworkPolicyPort. */
export interface NetworkPolicyPort {
  protocol: 'UDP' | 'TCP' | 'SCTP';
  port: number;
  endPort?: number;
}

/**
 * Everything about the operator a cluster admin may want to change. main.ts
 * reads it from flags and environment; defaults are documented in README.md.
 */
export interface OperatorConfig {
  /** Ingress hosts are `<endpoint>-<sandbox>.<baseDomain>`. */
  baseDomain: string;
  /** Scheme of endpoint URLs written to status. */
  urlScheme: 'http' | 'https';
  /**
   * Port in endpoint URLs, when the ingress is not on the scheme's default
   * port (the local default's gateway); Ingress hosts never carry one.
   */
  urlPort?: number;
  /** spec.ingressClassName of the Ingresses; omitted when undefined. */
  ingressClassName?: string;
  /** Namespace of the ingress controller, allowed in by the network policy. */
  ingressNamespace: string;
  /**
   * TLS of the Ingresses when urlScheme is https. Without a secret or an
   * issuer the tls block names the hosts only, and the ingress controller
   * serves its default certificate (a wildcard for the base domain).
   */
  tls?: IngressTlsConfig;
  /**
   * Who may reach sandbox pods from outside the namespace. Default: pods of
   * ingressNamespace. A host-network ingress controller connects from node
   * addresses: give their ipBlock here.
   */
  ingressPeers?: NetworkPolicyPeer[];
  /** Where sandbox pods may resolve names (isolated mode). Default: kube-dns in kube-system. */
  dnsPeers: NetworkPolicyPeer[];
  dnsPorts: NetworkPolicyPort[];
  /** Addresses no sandbox pod may reach in any mode: the cloud metadata services. */
  blockedEgressCidrs: string[];
  /**
   * Pod Security Admission level enforced on sandbox namespaces. A template
   * may ask for a stricter one, never a weaker one.
   */
  podSecurityLevel: PodSecurityLevel;
  /** Sandbox namespaces are `<prefix><sandbox name>`, at most 63 characters. */
  namespacePrefix: string;
  /**
   * Namespaces that never become sandbox namespaces, besides
   * DEFAULT_RESERVED_NAMESPACES and the operator's own (leaseNamespace).
   */
  reservedNamespaces: string[];
  /**
   * How far past the template's maximum TTL (from creation) spec.expiresAt
   * may reach: room for the backend's extensions. Later expiries are clamped.
   */
  maxExtensionMinutes: number;
  /** Every sandbox is reconciled at least this often. */
  resyncPeriodMs: number;
  /** Children are re-applied in full at least this often, repairing hand edits. */
  driftRepairPeriodMs: number;
  /** A watch with no event and no bookmark for this long is restarted. */
  watchSilenceMs: number;
  /** /healthz fails when queued work has not moved for this long. */
  stallTimeoutMs: number;
  /** Sandboxes reconciled at once. */
  workers: number;
  /**
   * Namespace the operator creates (labelled as managed, so its admission
   * policy lets it write there) for the server-side dry runs that check
   * SandboxTemplates; nothing is ever stored in it. Reserved.
   */
  dryRunNamespace: string;
  /**
   * The only namespace where the operator reads staging Secrets: the values
   * of secret parameters the backend writes there, owned by their Sandbox,
   * which the operator copies into the sandbox namespace's Secret
   * sandbox-parameters. The operator's own namespace in an install; the
   * backend's sandboxes.secretParameters.namespace must name the same one.
   * Reserved.
   */
  secretParametersNamespace: string;
  /** Lease used for leader election; its namespace is the operator's own. */
  leaseNamespace: string;
  leaseName: string;
  /** This instance's identity in the lease (the pod name in a cluster). */
  identity: string;
  /**
   * DNS name of the waker's Service: while a sandbox sleeps its Ingresses
   * point at an ExternalName Service in its namespace that resolves here.
   */
  wakerHost: string;
  /** Port of the waker's Service (and of the waker in the operator process). */
  wakerPort: number;
  /** The portal's base URL: cannot-wake pages link to `<url>/sandboxes/<name>`. */
  portalUrl: string;
  /**
   * Where the waker passes a held request once the sandbox is Ready:
   * `{service}`, `{namespace}` and `{port}` are the endpoint's; the request
   * keeps its Host header.
   */
  passOnUrl: string;
  /** Waiting pages' estimate while a sandbox has no wakes on record yet. */
  defaultWakeSeconds: number;
}

/** Where the certificate of sandbox Ingresses comes from. */
export interface IngressTlsConfig {
  /** A Secret in each sandbox namespace holding the certificate. */
  secretName?: string;
  /** A cert-manager issuer: each Ingress gets its own certificate, in Secret `<ingress>-tls`. */
  certManagerIssuer?: { kind: 'Issuer' | 'ClusterIssuer'; name: string };
}

/** Defaults, as documented in README.md. */
export const defaultOperatorConfig: Omit<OperatorConfig, 'identity'> = {
  baseDomain: 'sandbox.localhost',
  urlScheme: 'http',
  ingressClassName: undefined,
  ingressNamespace: 'ingress-nginx',
  ingressPeers: undefined,
  dnsPeers: [
    {
      namespaceSelector: {
        matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
      },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    },
  ],
  dnsPorts: [
    { protocol: 'UDP', port: 53 },
    { protocol: 'TCP', port: 53 },
  ],
  blockedEgressCidrs: ['169.254.169.254/32', 'fd00:ec2::254/128'],
  podSecurityLevel: 'baseline',
  namespacePrefix: DEFAULT_SANDBOX_NAMESPACE_PREFIX,
  reservedNamespaces: [],
  maxExtensionMinutes: 120,
  resyncPeriodMs: 10 * 60_000,
  driftRepairPeriodMs: 60 * 60_000,
  watchSilenceMs: 5 * 60_000,
  stallTimeoutMs: 5 * 60_000,
  workers: 4,
  dryRunNamespace: DEFAULT_DRY_RUN_NAMESPACE,
  secretParametersNamespace: DEFAULT_SECRET_PARAMETERS_NAMESPACE,
  leaseNamespace: 'default',
  leaseName: 'sandbox-operator',
  wakerHost: 'sandbox-waker.sandbox-system.svc.cluster.local',
  wakerPort: 8081,
  portalUrl: 'http://localhost:3000',
  passOnUrl: 'http://{service}.{namespace}.svc.cluster.local:{port}',
  defaultWakeSeconds: 30,
};

/** Every namespace the operator must never use for a sandbox. */
export function reservedNamespacesOf(config: OperatorConfig): string[] {
  return [
    ...DEFAULT_RESERVED_NAMESPACES,
    config.leaseNamespace,
    config.dryRunNamespace,
    config.secretParametersNamespace,
    ...config.reservedNamespaces,
  ];
}
