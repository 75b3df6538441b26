import type { ResourceType } from '../registry/ResourceType';
import { labelSelectorString } from '../selectors/labelSelectorString';
import type { KubeObject } from '../types';
import { getPath } from '../util/json';

/** The autoscaling/v1 Scale view of an object with a scale subresource. */
export function scaleOf(rt: ResourceType, object: KubeObject) {
  const scale = rt.subresources.scale!;
  const selector = scale.labelSelectorPath
    ? getPath(object, scale.labelSelectorPath)
    : undefined;
  const builtinSelector = !rt.custom
    ? labelSelectorString(getPath(object, 'spec.selector'))
    : undefined;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: object.metadata.name,
      namespace: object.metadata.namespace,
      uid: object.metadata.uid,
      resourceVersion: object.metadata.resourceVersion,
      creationTimestamp: object.metadata.creationTimestamp,
    },
    spec: { replicas: Number(getPath(object, scale.specReplicasPath) ?? 0) },
    status: {
      replicas: Number(getPath(object, scale.statusReplicasPath) ?? 0),
      ...(builtinSelector ?? selector
        ? { selector: builtinSelector ?? selector }
        : {}),
    },
  };
}
