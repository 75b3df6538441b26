import { useKubectlAgainstSim } from './__testUtils__/kubectl';

/**
 * `kubectl create token` against the serviceaccounts/token subresource.
 * Sources: kubernetes pkg/registry/core/serviceaccount/storage/token.go
 * (TokenREST.Create), pkg/apis/authentication/validation
 * (ValidateTokenRequest: 10 minutes to 2^32 seconds), pkg/apis/
 * authentication/v1/defaults.go (an hour by default); docs:
 * https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/token-request-v1/
 * and `kubectl create token --help`. kubectl v1.32 sends the TokenRequest
 * as protobuf.
 */
jest.setTimeout(60_000);

describe('kubectl create token', () => {
  const k = useKubectlAgainstSim();
  const claimsOf = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

  it('issues a signed service account token with the requested audience and lifetime', async () => {
    const before = Math.floor(Date.now() / 1000);
    const token = (
      await k.kubectl(
        'create',
        'token',
        'default',
        '--audience=sandboxes',
        '--duration=20m',
      )
    ).trim();
    const [header] = token.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({
      alg: 'RS256',
      kid: expect.any(String),
    });
    const claims = claimsOf(token);
    const uid = JSON.parse(
      await k.kubectl('get', 'serviceaccount', 'default', '-o', 'json'),
    ).metadata.uid;
    expect(claims).toMatchObject({
      aud: ['sandboxes'],
      iss: 'https://kubernetes.default.svc.cluster.local',
      sub: 'system:serviceaccount:default:default',
      'kubernetes.io': {
        namespace: 'default',
        serviceaccount: { name: 'default', uid },
      },
    });
    expect(claims.exp - claims.iat).toBe(1200);
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    const hour = claimsOf(
      (await k.kubectl('create', 'token', 'default')).trim(),
    );
    expect(hour.exp - hour.iat).toBe(3600);
    expect(hour.aud).toEqual(['https://kubernetes.default.svc.cluster.local']);
  });

  it('refuses a missing service account and a lifetime under ten minutes', async () => {
    expect(await k.kubectlFails('create', 'token', 'ghost')).toContain(
      'serviceaccounts "ghost" not found',
    );
    expect(
      await k.kubectlFails('create', 'token', 'default', '--duration=5m'),
    ).toContain(
      'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes',
    );
  });
});
