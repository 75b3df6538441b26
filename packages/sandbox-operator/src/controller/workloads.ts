import { ComponentSize } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { KubeObject, StatusCondition } from '../kube/types';

/** Kinds whose replicas the operator owns (sizes, suspend, resume). */
export const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet']);

interface Container {
  name?: string;
  image?: string;
  resources?: {
    requests?: Record<string, string>;
    limits?: Record<string, string>;
  };
}

function containersOf(object: KubeObject): Container[] {
  const spec = object.spec as
    | { template?: { spec?: { containers?: Container[] } } }
    | undefined;
  return spec?.template?.spec?.containers ?? [];
}

/**
 * The container a component's size and image apply to: the one named like
 * the workload, else the first (sidecars keep their own settings).
 */
function mainContainer(object: KubeObject): Container | undefined {
  const containers = containersOf(object);
  return containers.find(c => c.name === object.metadata.name) ?? containers[0];
}

/**
 * Applies a size and an image override to a workload object in place and
 * returns the replicas it should run: the size's, else the template's,
 * else 1. CPU becomes the container's request; memory its request and limit.
 */
export function applyComponentSettings(
  object: KubeObject,
  settings: { component?: ComponentSize; image?: string },
): number {
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  object.spec = spec;
  const templateReplicas =
    typeof spec.replicas === 'number' ? spec.replicas : 1;
  const replicas = settings.component?.replicas ?? templateReplicas;
  spec.replicas = replicas;
  const container = mainContainer(object);
  if (container && settings.image) container.image = settings.image;
  if (container && settings.component) {
    const { cpu, memory } = settings.component;
    const resources = container.resources ?? {};
    if (cpu) resources.requests = { ...resources.requests, cpu };
    if (memory) {
      resources.requests = { ...resources.requests, memory };
      resources.limits = { ...resources.limits, memory };
    }
    container.resources = resources;
  }
  return replicas;
}

/** Replicas a workload object asks for. */
export function specReplicas(object: KubeObject): number {
  const replicas = (object.spec as { replicas?: number } | undefined)?.replicas;
  return typeof replicas === 'number' ? replicas : 1;
}

/** The readiness of a workload or Job as its status reports it. */
export interface Readiness {
  ready: boolean;
  readyReplicas: number;
  /** Replicas still running (for suspend: everything stopped). */
  runningReplicas: number;
  failed?: boolean;
  /**
   * The workload's controller cannot create its pods (a Deployment's
   * ReplicaFailure condition, e.g. FailedCreate when a quota refuses them).
   */
  replicaFailure?: { reason: string; message: string };
}

/** The status fields of a Deployment, StatefulSet or Job that readiness reads. */
export interface WorkloadStatus {
  observedGeneration?: number;
  replicas?: number;
  readyReplicas?: number;
  updatedReplicas?: number;
  availableReplicas?: number;
  succeeded?: number;
  failed?: number;
  conditions?: StatusCondition[];
}

/** Readiness of a Deployment, StatefulSet or Job; any other kind is ready once applied. */
export function readinessOf(object: KubeObject): Readiness {
  const status = (object.status ?? {}) as WorkloadStatus;
  if (object.kind === 'Job') {
    const complete = status.conditions?.some(
      c => c.type === 'Complete' && c.status === 'True',
    );
    const failed = status.conditions?.some(
      c => c.type === 'Failed' && c.status === 'True',
    );
    return {
      ready: !!complete,
      readyReplicas: complete ? 1 : 0,
      runningReplicas: 0,
      failed: !!failed,
    };
  }
  if (!WORKLOAD_KINDS.has(object.kind ?? '')) {
    return { ready: true, readyReplicas: 0, runningReplicas: 0 };
  }
  const desired = specReplicas(object);
  const readyReplicas = status.readyReplicas ?? 0;
  const current =
    (status.observedGeneration ?? 0) >= (object.metadata.generation ?? 0);
  const updated = status.updatedReplicas ?? (desired === 0 ? 0 : readyReplicas);
  const failure = status.conditions?.find(
    c => c.type === 'ReplicaFailure' && c.status === 'True',
  );
  return {
    ...(failure
      ? {
          replicaFailure: {
            reason: failure.reason ?? 'ReplicaFailure',
            message: failure.message ?? '',
          },
        }
      : {}),
    ready:
      current &&
      (desired === 0
        ? readyReplicas === 0
        : readyReplicas >= desired && updated >= desired),
    readyReplicas,
    runningReplicas: Math.max(status.replicas ?? 0, readyReplicas),
  };
}
