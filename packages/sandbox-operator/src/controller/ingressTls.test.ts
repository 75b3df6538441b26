import { ingressTls } from './ingressTls';

describe('ingressTls', () => {
  const host = 'web-demo.sandbox.example.com';

  it('adds nothing to an http Ingress', () => {
    expect(
      ingressTls(
        { urlScheme: 'http', tls: { secretName: 'wildcard' } },
        'endpoint-web',
        host,
      ),
    ).toEqual({});
  });

  it('names the host only when the ingress controller serves its default certificate', () => {
    expect(ingressTls({ urlScheme: 'https' }, 'endpoint-web', host)).toEqual({
      tls: [{ hosts: [host] }],
    });
  });

  it('uses the configured Secret', () => {
    expect(
      ingressTls(
        { urlScheme: 'https', tls: { secretName: 'wildcard' } },
        'endpoint-web',
        host,
      ),
    ).toEqual({ tls: [{ hosts: [host], secretName: 'wildcard' }] });
  });

  it('asks a cert-manager issuer for one certificate per Ingress', () => {
    expect(
      ingressTls(
        {
          urlScheme: 'https',
          tls: { certManagerIssuer: { kind: 'ClusterIssuer', name: 'le' } },
        },
        'endpoint-web',
        host,
      ),
    ).toEqual({
      annotations: { 'cert-manager.io/cluster-issuer': 'le' },
      tls: [{ hosts: [host], secretName: 'endpoint-web-tls' }],
    });
    expect(
      ingressTls(
        {
          urlScheme: 'https',
          tls: { certManagerIssuer: { kind: 'Issuer', name: 'ca' } },
        },
        'endpoint-api',
        host,
      ).annotations,
    ).toEqual({ 'cert-manager.io/issuer': 'ca' });
  });
});
