import type { KubeObject } from '../types';
import { isObject } from '../util/json';
import { formatQuantity, parseQuantity, Quantity } from './quantity';

type Obj = Record<string, unknown>;

/** A container of a pod spec, with its resource requirements. */
export interface ContainerResources {
  name: string;
  requests: Obj;
  limits: Obj;
}

/** The containers of a pod (regular and init), their resources made objects in place. */
export function podContainers(
  pod: KubeObject,
  which: 'containers' | 'initContainers' = 'containers',
): ContainerResources[] {
  const spec = isObject(pod.spec) ? pod.spec : {};
  const list = Array.isArray(spec[which]) ? (spec[which] as unknown[]) : [];
  return list.filter(isObject).map(container => {
    if (!isObject(container.resources)) container.resources = {};
    const resources = container.resources as Obj;
    if (!isObject(resources.requests)) resources.requests = {};
    if (!isObject(resources.limits)) resources.limits = {};
    return {
      name: String(container.name ?? ''),
      requests: resources.requests as Obj,
      limits: resources.limits as Obj,
    };
  });
}

/** Drops the empty requests/limits objects podContainers added, so a pod reads back as sent. */
export function tidyResources(pod: KubeObject): void {
  const spec = isObject(pod.spec) ? pod.spec : {};
  for (const which of ['containers', 'initContainers']) {
    for (const container of Array.isArray(spec[which])
      ? (spec[which] as unknown[])
      : []) {
      if (!isObject(container) || !isObject(container.resources)) continue;
      const resources = container.resources as Obj;
      for (const key of ['requests', 'limits']) {
        if (
          isObject(resources[key]) &&
          Object.keys(resources[key] as Obj).length === 0
        )
          delete resources[key];
      }
    }
  }
}

/** Sums of resources in milli-units, remembering whether each was written in binary units. */
export class ResourceSums {
  readonly #values = new Map<string, Quantity>();

  add(resource: string, value: unknown): void {
    const q = parseQuantity(value);
    if (!q) return;
    const old = this.#values.get(resource);
    this.#values.set(resource, {
      milli: (old?.milli ?? 0n) + q.milli,
      binary: old ? old.binary || q.binary : q.binary,
    });
  }

  /** Keeps the larger of the current and given value (init containers). */
  max(resource: string, value: unknown): void {
    const q = parseQuantity(value);
    const old = this.#values.get(resource);
    if (q && (!old || q.milli > old.milli)) this.#values.set(resource, q);
  }

  get(resource: string): Quantity | undefined {
    return this.#values.get(resource);
  }

  milli(resource: string): bigint {
    return this.#values.get(resource)?.milli ?? 0n;
  }

  format(resource: string): string {
    const q = this.#values.get(resource);
    return q ? formatQuantity(q.milli, q.binary) : '0';
  }
}

/** The effective requests or limits of a pod: the sum over containers, at least the largest init container. */
export function podResources(
  pod: KubeObject,
  kind: 'requests' | 'limits',
): ResourceSums {
  const sums = new ResourceSums();
  for (const c of podContainers(pod))
    for (const [r, v] of Object.entries(c[kind])) sums.add(r, v);
  for (const c of podContainers(pod, 'initContainers'))
    for (const [r, v] of Object.entries(c[kind])) sums.max(r, v);
  tidyResources(pod);
  return sums;
}
