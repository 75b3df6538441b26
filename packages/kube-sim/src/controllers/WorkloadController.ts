import type { ApiServer } from '../api/ApiServer';
import { storageKey } from '../registry/ResourceType';
import type { ResourceType } from '../registry/ResourceType';
import type { StatusError } from '../errors/StatusError';
import type { KubeObject } from '../types';
import type { Controller } from './Controller';
import { WorkQueue } from './WorkQueue';
import {
  controllerUid,
  createQuietly,
  deleteQuietly,
  ownedBy,
  podFromTemplate,
  recordEvent,
  writeStatus,
} from './workloadHelpers';

/** How long a controller waits before trying again to create what was refused. */
const RETRY_MS = 1000;

/** The field manager the built-in workload controllers write with. */
export const CONTROLLER_MANAGER = 'kube-controller-manager';

/** The resource a workload controller reconciles and the objects it owns. */
export interface WorkloadKind {
  /** API group of the workload resource (version v1). */
  group: string;
  /** Plural of the workload resource, e.g. "deployments". */
  plural: string;
  /** Storage key of the objects it creates, e.g. "pods": a change to one requeues its owner. */
  owns: string;
  /** The component its events name as their source, e.g. "replicaset-controller". */
  component: string;
}

/** A queued workload that still exists and is not being deleted. */
export interface Workload {
  object: KubeObject;
  type: ResourceType;
  namespace: string;
  name: string;
}

/**
 * The control loop shared by the Deployment, ReplicaSet, StatefulSet and Job
 * controllers: a workload is queued when it changes or when an object it
 * controls changes, and is reconciled unless it is gone or terminating.
 * Subclasses implement only the reconciliation of their kind.
 */
export abstract class WorkloadController implements Controller {
  protected readonly api: ApiServer;
  readonly #kind: WorkloadKind;
  readonly #queue: WorkQueue;
  readonly #unsubscribe: () => void;

  constructor(api: ApiServer, kind: WorkloadKind) {
    this.api = api;
    this.#kind = kind;
    const workloadKey = storageKey(kind);
    this.#queue = new WorkQueue(key => this.#process(key));
    this.#unsubscribe = api.store.subscribe(event => {
      if (event.key === workloadKey && event.type !== 'DELETED') {
        this.#queue.add(`${event.namespace}/${event.object.metadata.name}`);
      } else if (event.key === kind.owns) {
        const owner = controllerUid(event.object);
        const loc = owner ? api.store.locate(owner) : undefined;
        if (loc?.key === workloadKey)
          this.#queue.add(`${loc.namespace}/${loc.name}`);
      }
    });
  }

  /** Brings the objects a workload owns, and its status, in line with its spec. */
  protected abstract reconcile(workload: Workload): void;

  /** The objects of the owned resource that `owner` controls. */
  protected owned(owner: KubeObject): KubeObject[] {
    return ownedBy(this.api, owner, this.#kind.owns);
  }

  /**
   * Creates a pod from the workload's pod template, controlled by the
   * workload. A refusal (quota, LimitRange, terminating namespace) is
   * recorded as a FailedCreate warning event on the workload, the workload
   * is looked at again later, and the refusal is returned.
   */
  protected createPod(
    workload: Workload,
    name: string,
    extraLabels: Record<string, string>,
  ): StatusError | undefined {
    const spec = (workload.object.spec ?? {}) as { template?: unknown };
    const refusal = createQuietly(
      this.api,
      this.#podType(),
      workload.namespace,
      podFromTemplate(spec.template, name, workload.object, extraLabels),
      CONTROLLER_MANAGER,
    );
    if (refusal) {
      recordEvent(
        this.api,
        workload.object,
        'Warning',
        'FailedCreate',
        `Error creating: ${refusal.message}`,
        this.#kind.component,
      );
      this.#queue.add(`${workload.namespace}/${workload.name}`, RETRY_MS);
    }
    return refusal;
  }

  /** Deletes a pod, ignoring one that is already gone. */
  protected deletePod(pod: KubeObject): void {
    deleteQuietly(this.api, this.#podType(), pod);
  }

  /** Writes the workload's status when it changed. */
  protected writeStatus(
    workload: Workload,
    status: Record<string, unknown>,
  ): void {
    writeStatus(
      this.api,
      workload.type,
      workload.object,
      status,
      CONTROLLER_MANAGER,
    );
  }

  stop(): void {
    this.#unsubscribe();
    this.#queue.stop();
  }

  clear(): void {
    this.#queue.clear();
  }

  #podType(): ResourceType {
    return this.api.registry.lookup('', 'v1', 'pods')!;
  }

  #process(key: string): void {
    const [namespace, name] = key.split('/');
    const type = this.api.registry.lookup(
      this.#kind.group,
      'v1',
      this.#kind.plural,
    )!;
    const object = this.api.find(type, namespace, name);
    if (!object || object.metadata.deletionTimestamp) return;
    this.reconcile({ object, type, namespace, name });
  }
}
