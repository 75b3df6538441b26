import { SandboxResource } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { randomBytes } from 'crypto';
import { KubeClient } from '../kube/KubeClient';
import { microTime } from '../runtime/LeaderElector';

/**
 * Writes events.k8s.io/v1 Events about Sandboxes. A Sandbox is
 * cluster-scoped, so its events go to the "default" namespace, where
 * `kubectl describe sandbox` finds them. Failing to record an event never
 * fails a reconcile.
 */
export class EventRecorder {
  readonly #client: KubeClient;
  readonly #instance: string;
  readonly #onError: (error: unknown) => void;

  constructor(options: {
    client: KubeClient;
    instance: string;
    onError: (error: unknown) => void;
  }) {
    this.#client = options.client;
    this.#instance = options.instance;
    this.#onError = options.onError;
  }

  async record(
    sandbox: SandboxResource,
    type: 'Normal' | 'Warning',
    reason: string,
    note: string,
  ) {
    try {
      await this.#client.create({
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        metadata: {
          name: `${sandbox.metadata.name}.${randomBytes(8).toString('hex')}`,
          namespace: 'default',
        },
        eventTime: microTime(),
        reportingController: 'sandboxkit.dev/sandbox-operator',
        reportingInstance: this.#instance,
        action: 'Reconcile',
        reason,
        type,
        note: note.slice(0, 1024),
        regarding: {
          apiVersion: sandbox.apiVersion,
          kind: 'Sandbox',
          name: sandbox.metadata.name,
          uid: sandbox.metadata.uid,
        },
      });
    } catch (error) {
      this.#onError(error);
    }
  }
}
