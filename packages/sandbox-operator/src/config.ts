/**
 * Everything about the operator a cluster admin may want to change. main.ts
 * reads it from flags and environment; defaults are documented in README.md.
 */
export interface OperatorConfig {
  /** Ingress hosts are `<endpoint>-<sandbox>.<baseDomain>`. */
  baseDomain: string;
  /** Scheme of endpoint URLs written to status. */
  urlScheme: 'http' | 'https';
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
  /** Sandbox namespaces are `<prefix><sandbox name>`, at most 63 characters. */
  namespacePrefix: string;
  /** Every sandbox is reconciled at least this often. */
  resyncPeriodMs: number;
  /** Children are re-applied in full at least this often, repairing hand edits. */
  driftRepairPeriodMs: number;
  /** Sandboxes reconciled at once. */
  workers: number;
  /** Lease used for leader election. */
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
  namespacePrefix: 'sandbox-',
  resyncPeriodMs: 10 * 60_000,
  driftRepairPeriodMs: 60 * 60_000,
  workers: 4,
  leaseNamespace: 'default',
  leaseName: 'sandbox-operator',
  wakerHost: 'sandbox-waker.sandbox-system.svc.cluster.local',
  wakerPort: 8081,
  portalUrl: 'http://localhost:3000',
  passOnUrl: 'http://{service}.{namespace}.svc.cluster.local:{port}',
  defaultWakeSeconds: 30,
};
