import type { JsonObject, KubeObject } from '../types';
import { deepEqual, getPath, isObject } from '../util/json';

/**
 * Field ownership works on "leaf paths": a path to a scalar, to a list (lists
 * are owned whole) or to an empty map. Paths are encoded as their parts
 * joined by SEP so they can live in Sets.
 */
export const SEP = '\u0001';

const TRACKED_METADATA = [
  'labels',
  'annotations',
  'finalizers',
  'ownerReferences',
];

/** Which part of an object a write addresses. */
export interface FieldScope {
  /** 'status' for the status subresource, undefined for the main resource. */
  subresource?: string;
  /** The resource has a status subresource, so the main resource does not own status. */
  statusIsSubresource: boolean;
}

/** The leaf paths of an object that field ownership tracks for the scope. */
export function trackedPaths(
  object: KubeObject | JsonObject,
  scope: FieldScope,
): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (key === 'apiVersion' || key === 'kind' || value === undefined) continue;
    if (scope.statusIsSubresource) {
      if (scope.subresource === 'status' && key !== 'status') continue;
      if (scope.subresource !== 'status' && key === 'status') continue;
    }
    if (key === 'metadata') {
      if (!isObject(value)) continue;
      for (const field of TRACKED_METADATA) {
        if (value[field] !== undefined)
          collect(value[field], ['metadata', field], paths);
      }
      continue;
    }
    collect(value, [key], paths);
  }
  return paths;
}

function collect(value: unknown, prefix: string[], out: string[]): void {
  if (isObject(value) && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) {
      if (child !== undefined) collect(child, [...prefix, key], out);
    }
  } else {
    out.push(prefix.join(SEP));
  }
}

export function pathParts(path: string): string[] {
  return path.split(SEP);
}

/** The way the server prints a field path in conflicts: ".spec.replicas". */
export function displayPath(path: string): string {
  return `.${pathParts(path).join('.')}`;
}

/** True when one path equals or contains the other. */
export function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(b + SEP) || b.startsWith(a + SEP);
}

/** Leaf paths whose value differs between two versions of an object. */
export function changedPaths(
  before: KubeObject | undefined,
  after: KubeObject,
  scope: FieldScope,
): string[] {
  const afterPaths = trackedPaths(after, scope);
  if (!before) return afterPaths;
  const changed = afterPaths.filter(
    p =>
      !deepEqual(getPath(before, pathParts(p)), getPath(after, pathParts(p))),
  );
  const afterSet = new Set(afterPaths);
  for (const p of trackedPaths(before, scope)) {
    if (!afterSet.has(p) && getPath(after, pathParts(p)) === undefined)
      changed.push(p);
  }
  return changed;
}

/** managedFields fieldsV1 form of a path set: {"f:spec":{"f:replicas":{}}}. */
export function toFieldsV1(paths: Iterable<string>): JsonObject {
  const root: JsonObject = {};
  for (const path of paths) {
    let node = root;
    for (const part of pathParts(path)) {
      const key = `f:${part}`;
      if (!isObject(node[key])) node[key] = {};
      node = node[key] as JsonObject;
    }
  }
  return root;
}

/** The leaf path set of a fieldsV1 tree. */
export function fromFieldsV1(fields: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (node: unknown, prefix: string[]) => {
    const children = isObject(node)
      ? Object.entries(node).filter(([k]) => k.startsWith('f:'))
      : [];
    if (children.length === 0) {
      if (prefix.length > 0) out.add(prefix.join(SEP));
      return;
    }
    for (const [key, child] of children) walk(child, [...prefix, key.slice(2)]);
  };
  walk(fields, []);
  return out;
}
