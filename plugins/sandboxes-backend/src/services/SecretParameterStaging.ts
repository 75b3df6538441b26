import { NotFoundError } from '@backstage/errors';
import {
  SANDBOX_API_GROUP_VERSION,
  SandboxLabels,
  secretParametersStagingName,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { KubernetesAdapter } from '../kube/KubernetesAdapter';

/** The Sandbox a staging Secret belongs to. */
export interface StagingOwner {
  name: string;
  uid: string;
}

/**
 * Writes the values of a sandbox's secret parameters into its staging
 * Secret, in the one namespace the operator reads them from. The Secret is
 * owned by the (cluster-scoped) Sandbox, so Kubernetes' garbage collector
 * deletes it with the sandbox; the values never touch the Sandbox, the
 * index, the activity log or the audit log. Values go as `data` (base64):
 * nothing of them is in a request the API server may echo in an error.
 */
export class SecretParameterStaging {
  readonly #adapter: KubernetesAdapter;
  readonly #namespace: string;

  constructor(options: { adapter: KubernetesAdapter; namespace: string }) {
    this.#adapter = options.adapter;
    this.#namespace = options.namespace;
  }

  /** The namespace the staging Secrets live in. */
  get namespace(): string {
    return this.#namespace;
  }

  /** Creates the staging Secret of a sandbox that has just been created. */
  async create(
    cluster: string,
    owner: StagingOwner,
    values: Record<string, string>,
  ): Promise<void> {
    await this.#adapter.createSecret(cluster, this.#namespace, {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: {
        name: secretParametersStagingName(owner.uid),
        namespace: this.#namespace,
        labels: { [SandboxLabels.sandbox]: owner.name },
        ownerReferences: [
          {
            apiVersion: SANDBOX_API_GROUP_VERSION,
            kind: 'Sandbox',
            name: owner.name,
            uid: owner.uid,
            // The backend may not hold update on sandboxes/finalizers, which
            // a blocking owner reference would need.
            blockOwnerDeletion: false,
          },
        ],
      },
      data: encode(values),
    });
  }

  /**
   * Replaces some values (a merge patch keeps the other keys); creates the
   * Secret when the sandbox had no secret parameter set before.
   */
  async update(
    cluster: string,
    owner: StagingOwner,
    values: Record<string, string>,
  ): Promise<void> {
    try {
      await this.#adapter.patchSecret(
        cluster,
        this.#namespace,
        secretParametersStagingName(owner.uid),
        { data: encode(values) },
      );
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      await this.create(cluster, owner, values);
    }
  }
}

function encode(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      key,
      Buffer.from(value, 'utf8').toString('base64'),
    ]),
  );
}
