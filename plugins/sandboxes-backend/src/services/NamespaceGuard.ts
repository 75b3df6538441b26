import { ConflictError } from '@backstage/errors';
import {
  SandboxLabels,
  isReservedNamespace,
  sandboxNamespace,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { KubernetesAdapter } from '../kube/KubernetesAdapter';

/**
 * Refuses, before anything is created, a sandbox name whose namespace the
 * operator would refuse to use: a reserved namespace, or one that exists
 * and was not made by the operator for a sandbox of that name.
 *
 * @public
 */
export class NamespaceGuard {
  readonly #adapter: KubernetesAdapter;
  readonly #prefix: string;
  readonly #reserved: string[];

  constructor(options: {
    adapter: KubernetesAdapter;
    namespaces: { prefix: string; reserved: string[] };
  }) {
    this.#adapter = options.adapter;
    this.#prefix = options.namespaces.prefix;
    this.#reserved = options.namespaces.reserved;
  }

  /** Throws ConflictError saying why `name` cannot be a new sandbox on `cluster`. */
  async checkNewSandbox(cluster: string, name: string): Promise<void> {
    const namespace = sandboxNamespace(name, this.#prefix);
    if (isReservedNamespace(namespace, this.#reserved)) {
      throw new ConflictError(
        `name: a sandbox named '${name}' would live in namespace '${namespace}', which is reserved; choose another name`,
      );
    }
    const existing = await this.#adapter.getNamespace(cluster, namespace);
    if (!existing) return;
    // The namespace of an earlier sandbox of this name, still being removed.
    const earlier =
      existing.metadata?.labels?.[SandboxLabels.managedBy] ===
        'sandbox-operator' &&
      (existing.metadata?.ownerReferences ?? []).some(
        r => r.kind === 'Sandbox' && r.name === name,
      );
    if (!earlier) {
      throw new ConflictError(
        `name: namespace '${namespace}' already exists and does not belong to a sandbox named '${name}'; choose another name`,
      );
    }
  }
}
