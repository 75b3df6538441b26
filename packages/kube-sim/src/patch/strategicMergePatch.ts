import { clone, isObject } from '../util/json';

/**
 * The patchMergeKey of built-in list fields, by field name. Lists not named
 * here are replaced whole, as lists without a patch strategy are.
 */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  conditions: 'type',
  ownerReferences: 'uid',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
};

/** Primitive lists whose patch strategy is "merge" (a set union). */
const MERGED_PRIMITIVE_LISTS = new Set(['finalizers']);

function mergeKeyFor(field: string, items: unknown[]): string | undefined {
  if (field === 'ports') {
    // Container ports merge by containerPort, service ports by port.
    const sample = items.find(isObject);
    if (sample && 'containerPort' in sample) return 'containerPort';
    return 'port';
  }
  return MERGE_KEYS[field];
}

/**
 * Applies a strategic merge patch the way the API server does for built-in
 * types: maps merge, keyed lists merge by their patchMergeKey, other lists
 * are replaced, null deletes, and $patch / $retainKeys /
 * $deleteFromPrimitiveList / $setElementOrder directives are honoured.
 */
export function applyStrategicMergePatch(
  target: unknown,
  patch: unknown,
): unknown {
  return mergeMap(isObject(target) ? target : {}, patch);
}

function mergeMap(target: Record<string, unknown>, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return clone(rest);
  }
  const result: Record<string, unknown> = { ...target };
  const retainKeys = Array.isArray(patch.$retainKeys)
    ? (patch.$retainKeys as string[])
    : undefined;
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys') continue;
    if (key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const remove = new Set((value as unknown[]) ?? []);
      if (Array.isArray(result[field])) {
        result[field] = (result[field] as unknown[]).filter(
          v => !remove.has(v),
        );
      }
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const current = result[key];
    if (Array.isArray(value)) {
      result[key] = mergeList(
        key,
        Array.isArray(current) ? current : [],
        value,
      );
    } else if (isObject(value)) {
      const merged = mergeMap(isObject(current) ? current : {}, value);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else {
      result[key] = value;
    }
  }
  if (retainKeys) {
    for (const key of Object.keys(result)) {
      if (!retainKeys.includes(key)) delete result[key];
    }
  }
  return result;
}

function mergeList(
  field: string,
  current: unknown[],
  patch: unknown[],
): unknown[] {
  if (patch.some(item => isObject(item) && item.$patch === 'replace')) {
    return clone(
      patch.filter(item => !(isObject(item) && item.$patch === 'replace')),
    );
  }
  if (MERGED_PRIMITIVE_LISTS.has(field)) {
    const result = [...current];
    for (const item of patch) if (!result.includes(item)) result.push(item);
    return result;
  }
  const mergeKey = mergeKeyFor(field, [...patch, ...current]);
  if (!mergeKey) return clone(patch);
  const result = [...current];
  for (const item of patch) {
    if (!isObject(item)) continue;
    const index = result.findIndex(
      existing => isObject(existing) && existing[mergeKey] === item[mergeKey],
    );
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) {
      result[index] = mergeMap(result[index] as Record<string, unknown>, item);
    } else {
      result.push(mergeMap({}, item));
    }
  }
  return result;
}
