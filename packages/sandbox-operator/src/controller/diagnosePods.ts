import { KubeObject, StatusCondition } from '../kube/types';

interface ContainerStatus {
  name: string;
  image?: string;
  state?: {
    waiting?: { reason?: string; message?: string };
    terminated?: { reason?: string; exitCode?: number };
  };
  restartCount?: number;
}

interface PodStatus {
  phase?: string;
  containerStatuses?: ContainerStatus[];
  conditions?: StatusCondition[];
}

/** A problem found on a sandbox's pods, in words its owner can act on. */
export interface PodProblem {
  reason:
    | 'ImagePullFailed'
    | 'CrashLooping'
    | 'Unschedulable'
    | 'ConfigMissing';
  message: string;
}

/**
 * Looks at the pods of a sandbox for the usual reasons a workload never
 * becomes ready, and says what to do about the first one found.
 */
export function diagnosePods(pods: KubeObject[]): PodProblem | undefined {
  for (const pod of pods) {
    const status = (pod.status ?? {}) as PodStatus;
    const owner = pod.metadata.labels?.app ?? pod.metadata.name;
    for (const container of status.containerStatuses ?? []) {
      const waiting = container.state?.waiting?.reason;
      if (
        waiting === 'ImagePullBackOff' ||
        waiting === 'ErrImagePull' ||
        waiting === 'InvalidImageName'
      ) {
        return {
          reason: 'ImagePullFailed',
          message: `The image ${
            container.image ?? '(unknown)'
          } of ${owner} could not be pulled. Check that the image name and tag exist (for a branch image: that its build finished) and that the cluster may read that registry.`,
        };
      }
      if (waiting === 'CrashLoopBackOff') {
        return {
          reason: 'CrashLooping',
          message: `The ${
            container.name
          } container of ${owner} keeps stopping right after it starts (restarted ${
            container.restartCount ?? 0
          } times). Its logs say why; a missing setting or a failing database connection are common causes.`,
        };
      }
      if (waiting === 'CreateContainerConfigError') {
        return {
          reason: 'ConfigMissing',
          message: `The ${
            container.name
          } container of ${owner} refers to a ConfigMap or Secret key that does not exist: ${
            container.state?.waiting?.message ?? 'see the pod events'
          }.`,
        };
      }
    }
    const unschedulable = status.conditions?.find(
      c =>
        c.type === 'PodScheduled' &&
        c.status === 'False' &&
        c.reason === 'Unschedulable',
    );
    if (unschedulable) {
      return {
        reason: 'Unschedulable',
        message: `The cluster has no room to run ${owner}${
          unschedulable.message ? ` (${unschedulable.message})` : ''
        }. Try a smaller size, or ask the platform team for capacity.`,
      };
    }
  }
  return undefined;
}
