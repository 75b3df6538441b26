import { OperatorConfig } from '../config';

/**
 * What a sandbox Ingress needs for https: a `tls` block naming its host, and
 * the cert-manager annotation when an issuer makes the certificates. Nothing
 * when URLs are plain http, so the Ingress does not promise a certificate.
 */
export function ingressTls(
  config: Pick<OperatorConfig, 'urlScheme' | 'tls'>,
  ingressName: string,
  host: string,
): {
  annotations?: Record<string, string>;
  tls?: Array<{ hosts: string[]; secretName?: string }>;
} {
  if (config.urlScheme !== 'https') return {};
  const issuer = config.tls?.certManagerIssuer;
  // cert-manager's ingress-shim makes one Certificate per secretName, so
  // each Ingress gets its own Secret; a given secret wins over the issuer.
  const secretName =
    config.tls?.secretName ?? (issuer ? `${ingressName}-tls` : undefined);
  return {
    ...(issuer && !config.tls?.secretName
      ? {
          annotations: {
            [issuer.kind === 'Issuer'
              ? 'cert-manager.io/issuer'
              : 'cert-manager.io/cluster-issuer']: issuer.name,
          },
        }
      : {}),
    tls: [{ hosts: [host], ...(secretName ? { secretName } : {}) }],
  };
}
