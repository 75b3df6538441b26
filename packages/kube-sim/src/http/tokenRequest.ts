import {
  createHash,
  generateKeyPairSync,
  KeyObject,
  randomUUID,
  sign,
} from 'node:crypto';
import { invalid } from '../errors/StatusError';
import type { KubeObject } from '../types';
import { isObject } from '../util/json';
import { invalidValue } from '../api/validation/fieldErrors';

/** The issuer and default audience of a kubeadm or kind cluster (--service-account-issuer, --api-audiences). */
const ISSUER = 'https://kubernetes.default.svc.cluster.local';
const GROUP = 'authentication.k8s.io';

let signingKey: { key: KeyObject; kid: string } | undefined;

/**
 * The service account signing key, made on the first token request: tokens
 * are RS256 JWTs as a cluster's are, though kube-sim never checks a token.
 */
function key(): { key: KeyObject; kid: string } {
  if (!signingKey) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
    });
    // keyIDFromPublicKey: the base64url SHA-256 of the DER public key.
    const der = publicKey.export({ type: 'spki', format: 'der' });
    const kid = createHash('sha256').update(der).digest('base64url');
    signingKey = { key: privateKey, kid };
  }
  return signingKey;
}

const base64url = (value: unknown) =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * POST serviceaccounts/NAME/token (pkg/registry/core/serviceaccount/storage/
 * token.go, TokenREST.Create): the request's name and namespace must match
 * the URL's, the ServiceAccount must exist, expirationSeconds defaults to an
 * hour (SetDefaults_TokenRequestSpec) and must be between 10 minutes and
 * 2^32 seconds (ValidateTokenRequest), audiences default to the API
 * server's. boundObjectRef is kept but neither checked nor bound.
 */
export function createToken(
  body: unknown,
  namespace: string,
  name: string,
  serviceAccount: () => KubeObject,
): KubeObject {
  const request = isObject(body) ? body : {};
  const metadata = isObject(request.metadata) ? request.metadata : {};
  const spec = isObject(request.spec) ? { ...request.spec } : {};
  if (metadata.name && metadata.name !== name)
    throw invalid(GROUP, 'TokenRequest', name, [
      invalidValue(
        'metadata.name',
        String(metadata.name),
        'must match the service account name if specified',
      ),
    ]);
  if (metadata.namespace && metadata.namespace !== namespace)
    throw invalid(GROUP, 'TokenRequest', name, [
      invalidValue(
        'metadata.namespace',
        String(metadata.namespace),
        'must match the service account namespace if specified',
      ),
    ]);
  const account = serviceAccount();
  if (!Array.isArray(spec.audiences) || spec.audiences.length === 0)
    spec.audiences = [ISSUER];
  const seconds =
    typeof spec.expirationSeconds === 'number' ? spec.expirationSeconds : 3600;
  spec.expirationSeconds = seconds;
  const tooShort = seconds < 600;
  if (tooShort || seconds > 2 ** 32)
    // Upstream passes no name here: the message reads `TokenRequest.authentication.k8s.io "" is invalid`.
    throw invalid(GROUP, 'TokenRequest', '', [
      invalidValue(
        'spec.expirationSeconds',
        seconds,
        tooShort
          ? 'may not specify a duration less than 10 minutes'
          : 'may not specify a duration larger than 2^32 seconds',
      ),
    ]);
  const now = Math.floor(Date.now() / 1000);
  const { key: privateKey, kid } = key();
  const claims = {
    aud: spec.audiences,
    exp: now + seconds,
    iat: now,
    iss: ISSUER,
    jti: randomUUID(),
    'kubernetes.io': {
      namespace,
      serviceaccount: { name, uid: account.metadata.uid },
    },
    nbf: now,
    sub: `system:serviceaccount:${namespace}:${name}`,
  };
  const unsigned = `${base64url({ alg: 'RS256', kid })}.${base64url(claims)}`;
  const signature = sign('sha256', Buffer.from(unsigned), privateKey);
  return {
    kind: 'TokenRequest',
    apiVersion: `${GROUP}/v1`,
    metadata: {
      name,
      namespace,
      creationTimestamp: new Date(now * 1000).toISOString().replace('.000', ''),
    },
    spec,
    status: {
      token: `${unsigned}.${signature.toString('base64url')}`,
      expirationTimestamp: new Date((now + seconds) * 1000)
        .toISOString()
        .replace('.000', ''),
    },
  };
}
