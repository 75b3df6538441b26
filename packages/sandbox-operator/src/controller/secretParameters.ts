import { createHmac } from 'crypto';
import {
  SandboxResource,
  SECRET_PARAMETERS_SECRET_NAME,
  secretParametersStagingName,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { KubeObject } from '../kube/types';

/** The values of a sandbox's secret parameters, read from its staging Secret. */
export interface SecretParameterValues {
  /** Parameter name → value, exactly the keys of spec.secretParameters. */
  values: Record<string, string>;
  /**
   * Keys the digest that stands for the values in checksums and in the
   * desired-state hash, which readers of the sandbox namespace see: a plain
   * hash of a short value (a PIN) could be reversed by trying every value.
   * The staging Secret's uid, which nobody outside the operator's namespace
   * sees, and which stays the same across restarts and replicas.
   */
  digestKey: string;
}

/** What the staging Secret offers a sandbox. */
export type StagedSecretParameters =
  | { state: 'ready'; values: SecretParameterValues }
  | {
      state: 'waiting';
      reason: 'SecretParametersMissing' | 'SecretParametersNotOwned';
      /** Names Secret and keys, never a value. */
      message: string;
    };

/**
 * Reads a sandbox's secret parameter values from its staging Secret (from
 * the informer's cache of the staging namespace). Undefined when the
 * sandbox names no secret parameter. Only a Secret whose ownerReferences
 * name this Sandbox's uid is used: one made by anyone else is refused, so
 * nobody who can create a Sandbox can make the operator copy a Secret that
 * is not its own.
 */
export function readStagedSecretParameters(
  sandbox: SandboxResource,
  staging: KubeObject | undefined,
  namespace: string,
): StagedSecretParameters | undefined {
  const keys = sandbox.spec.secretParameters?.keys ?? [];
  if (keys.length === 0) return undefined;
  const uid = sandbox.metadata.uid!;
  const where = `Secret ${namespace}/${secretParametersStagingName(uid)}`;
  const missing = (names: string[]): StagedSecretParameters => ({
    state: 'waiting',
    reason: 'SecretParametersMissing',
    message: `Waiting for the values of secret parameters ${names.join(
      ', ',
    )} in ${where}.`,
  });
  if (!staging) return missing(keys);
  const owned = staging.metadata.ownerReferences?.some(
    ref => ref.kind === 'Sandbox' && ref.uid === uid,
  );
  if (!owned) {
    return {
      state: 'waiting',
      reason: 'SecretParametersNotOwned',
      message: `${where} is not owned by this Sandbox (no ownerReference with uid ${uid}), so its values are not used.`,
    };
  }
  const data = (staging as { data?: Record<string, string> }).data ?? {};
  const absent = keys.filter(key => typeof data[key] !== 'string');
  if (absent.length > 0) return missing(absent);
  return {
    state: 'ready',
    values: {
      values: Object.fromEntries(
        keys.map(key => [key, Buffer.from(data[key], 'base64').toString()]),
      ),
      digestKey: staging.metadata.uid!,
    },
  };
}

/** The sandbox namespace's Secret with the secret parameter values. */
export function secretParametersSecret(
  meta: { namespace: string; labels: Record<string, string> },
  values: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: SECRET_PARAMETERS_SECRET_NAME, ...meta },
    type: 'Opaque',
    // data, not stringData: stringData is write-only, and server-side apply
    // would track a field the server never stores.
    data: Object.fromEntries(
      Object.entries(values)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
    ),
  };
}

/** A keyed digest of the values: changes with any value, reveals none. */
export function secretParametersDigest(staged: SecretParameterValues): string {
  return createHmac('sha256', staged.digestKey)
    .update(
      JSON.stringify(
        Object.entries(staged.values).sort(([a], [b]) => a.localeCompare(b)),
      ),
    )
    .digest('hex')
    .slice(0, 16);
}
