import { createHash } from 'crypto';
import type { ObjectMeta } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { OperatorAnnotations } from '../api';
import { KubeObject } from '../kube/types';
import { WORKLOAD_KINDS } from './workloads';

interface PodSpec {
  containers?: ContainerRefs[];
  initContainers?: ContainerRefs[];
  volumes?: Array<{
    configMap?: { name?: string };
    secret?: { secretName?: string };
    projected?: {
      sources?: Array<{
        configMap?: { name?: string };
        secret?: { name?: string };
      }>;
    };
  }>;
}

interface ContainerRefs {
  envFrom?: Array<{
    configMapRef?: { name?: string };
    secretRef?: { name?: string };
  }>;
  env?: Array<{
    valueFrom?: {
      configMapKeyRef?: { name?: string };
      secretKeyRef?: { name?: string };
    };
  }>;
}

/** `ConfigMap/name` and `Secret/name` refs a pod spec reads. */
function configRefsOf(pod: PodSpec): Set<string> {
  const refs = new Set<string>();
  const add = (kind: string, name: string | undefined) => {
    if (name) refs.add(`${kind}/${name}`);
  };
  for (const c of [...(pod.containers ?? []), ...(pod.initContainers ?? [])]) {
    for (const from of c.envFrom ?? []) {
      add('ConfigMap', from.configMapRef?.name);
      add('Secret', from.secretRef?.name);
    }
    for (const env of c.env ?? []) {
      add('ConfigMap', env.valueFrom?.configMapKeyRef?.name);
      add('Secret', env.valueFrom?.secretKeyRef?.name);
    }
  }
  for (const volume of pod.volumes ?? []) {
    add('ConfigMap', volume.configMap?.name);
    add('Secret', volume.secret?.secretName);
    for (const source of volume.projected?.sources ?? []) {
      add('ConfigMap', source.configMap?.name);
      add('Secret', source.secret?.name);
    }
  }
  return refs;
}

/**
 * A pod reads its ConfigMaps and Secrets when it starts, so a changed
 * parameter that only reaches a ConfigMap would never reach the running app.
 * Each workload that reads one of the sandbox's own ConfigMaps or Secrets
 * gets a hash of exactly those in its pod template: when one changes, the
 * workloads reading it roll, and no other workload does.
 *
 * `configObjects` are the ConfigMaps and Secrets the operator applies from
 * the desired state (not the generated credentials, which never change).
 * Mutates the workload objects in place.
 */
export function stampConfigChecksums(
  workloads: KubeObject[],
  configObjects: KubeObject[],
): void {
  const byRef = new Map(
    configObjects
      .filter(o => o.kind === 'ConfigMap' || o.kind === 'Secret')
      .map(o => [`${o.kind}/${o.metadata.name}`, o]),
  );
  for (const workload of workloads) {
    if (!WORKLOAD_KINDS.has(workload.kind ?? '')) continue;
    const template = (
      workload.spec as
        | { template?: { metadata?: ObjectMeta; spec?: PodSpec } }
        | undefined
    )?.template;
    if (!template) continue;
    const read = [...configRefsOf(template.spec ?? {})]
      .filter(ref => byRef.has(ref))
      .sort();
    if (read.length === 0) continue;
    const hash = createHash('sha256');
    for (const ref of read) {
      const { data, stringData, binaryData } = byRef.get(ref)!;
      hash.update(JSON.stringify([ref, data, stringData, binaryData]));
    }
    template.metadata = {
      ...template.metadata,
      annotations: {
        ...template.metadata?.annotations,
        [OperatorAnnotations.configChecksum]: hash.digest('hex').slice(0, 16),
      },
    };
  }
}
