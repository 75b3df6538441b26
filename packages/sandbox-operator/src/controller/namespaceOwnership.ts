import {
  SandboxLabels,
  SandboxResource,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { KubeClient } from '../kube/KubeClient';
import { isConflict } from '../kube/errors';
import { resourceType } from '../kube/resources';
import { KubeObject } from '../kube/types';

const NAMESPACE = resourceType('v1', 'Namespace');

/** The managed-by label value on everything the operator creates. */
export const MANAGED_BY = 'sandbox-operator';

/** What claiming a sandbox's namespace found. */
export type NamespaceClaim =
  | { state: 'owned'; namespace: KubeObject; created: boolean }
  /** An earlier namespace of this name is going away; wait for it. */
  | { state: 'terminating'; message: string }
  /**
   * Made by the operator for an earlier Sandbox of the same name (a uid that
   * no longer exists, as names are unique): it is removed, then replaced.
   */
  | { state: 'previous'; namespace: KubeObject; message: string }
  /** Someone else's namespace: never written to, never deleted. */
  | { state: 'conflict'; message: string };

/** True when the namespace was created by the operator for exactly this Sandbox (by uid). */
export function ownsNamespace(
  namespace: KubeObject,
  sandbox: SandboxResource,
): boolean {
  return (
    namespace.metadata.labels?.[SandboxLabels.managedBy] === MANAGED_BY &&
    (namespace.metadata.ownerReferences ?? []).some(
      r => r.kind === 'Sandbox' && r.uid === sandbox.metadata.uid,
    )
  );
}

/** Why a Terminating namespace is still there, from its NamespaceDeletion* conditions. */
export function deletionProgress(namespace: KubeObject): string {
  const conditions =
    (
      namespace.status as
        | {
            conditions?: Array<{
              type: string;
              status: string;
              message?: string;
            }>;
          }
        | undefined
    )?.conditions ?? [];
  const reasons = conditions
    .filter(c => c.type.startsWith('NamespaceDeletion') && c.status === 'True')
    .map(c => `${c.type}: ${c.message ?? ''}`.trim());
  return reasons.length ? ` (${reasons.join('; ')})` : '';
}

function judge(live: KubeObject, sandbox: SandboxResource): NamespaceClaim {
  const name = live.metadata.name!;
  if (ownsNamespace(live, sandbox)) {
    return { state: 'owned', namespace: live, created: false };
  }
  if (live.metadata.deletionTimestamp) {
    return {
      state: 'terminating',
      message: `Waiting for the earlier namespace ${name} to finish terminating${deletionProgress(
        live,
      )}.`,
    };
  }
  const earlier = (live.metadata.ownerReferences ?? []).some(
    r => r.kind === 'Sandbox' && r.name === sandbox.metadata.name,
  );
  if (
    earlier &&
    live.metadata.labels?.[SandboxLabels.managedBy] === MANAGED_BY
  ) {
    return {
      state: 'previous',
      namespace: live,
      message: `Removing namespace ${name} of an earlier sandbox with this name.`,
    };
  }
  return {
    state: 'conflict',
    message: `Namespace ${name} already exists and does not belong to this sandbox; the operator never adopts or changes it. Delete the sandbox and choose another name.`,
  };
}

/**
 * Makes sure the sandbox's namespace is its own: creates it when absent
 * (a create, never an apply, so an existing namespace is never adopted),
 * and otherwise accepts it only when its ownerReference carries this
 * Sandbox's uid.
 */
export async function claimNamespace(
  client: KubeClient,
  sandbox: SandboxResource,
  intended: KubeObject,
  cached: KubeObject | undefined,
): Promise<NamespaceClaim> {
  if (cached) return judge(cached, sandbox);
  try {
    const created = await client.create(intended);
    return { state: 'owned', namespace: created, created: true };
  } catch (error) {
    if (!isConflict(error)) throw error;
  }
  const live = await client.get(NAMESPACE, intended.metadata.name!);
  // Gone between the create and the read: the next pass creates it.
  if (!live) {
    return {
      state: 'terminating',
      message: `Waiting for the earlier namespace ${intended.metadata.name} to be removed.`,
    };
  }
  return judge(live, sandbox);
}
