import { conflict, GroupResource, StatusCause } from '../errors/StatusError';
import type { KubeObject } from '../types';
import { clone, deepEqual, getPath, isObject } from '../util/json';
import { nowTimestamp } from '../util/time';
import {
  displayPath,
  FieldScope,
  overlaps,
  pathParts,
  trackedPaths,
} from './fieldPaths';
import { decodeOwnership, encodeOwnership, isEntryOf } from './managedFields';

/** One server-side apply request. */
export interface ApplyRequest {
  live: KubeObject | undefined;
  config: KubeObject;
  manager: string;
  force: boolean;
  scope: FieldScope;
  resource: GroupResource;
}

/**
 * Computes the object that results from applying a configuration: fields in
 * the configuration are set, fields this manager applied before and no longer
 * applies are removed (unless another manager owns them), and fields owned by
 * another manager with a different value are conflicts unless forced.
 * Ownership is tracked per leaf path; lists are owned whole.
 */
export function serverSideApply(request: ApplyRequest): KubeObject {
  const { live, config, manager, force, scope } = request;
  const applied = new Set(trackedPaths(config, scope));
  const owners = decodeOwnership(live?.metadata.managedFields);
  const others = owners.filter(o => o.entry.manager !== manager);

  const conflicts: Array<{
    manager: string;
    apiVersion: string;
    path: string;
  }> = [];
  for (const other of others) {
    for (const owned of other.paths) {
      for (const path of applied) {
        if (!overlaps(owned, path)) continue;
        const same = deepEqual(
          getPath(live, pathParts(path)),
          getPath(config, pathParts(path)),
        );
        if (same) continue;
        if (force) other.paths.delete(owned);
        else {
          conflicts.push({
            manager: other.entry.manager,
            apiVersion: other.entry.apiVersion,
            path,
          });
        }
      }
    }
  }
  if (conflicts.length > 0) throw conflictError(request, conflicts);

  const mineIndex = owners.findIndex(o =>
    isEntryOf(o.entry, manager, 'Apply', scope.subresource),
  );
  const previouslyApplied =
    mineIndex >= 0 ? owners[mineIndex].paths : new Set<string>();
  const result: KubeObject = live ? clone(live) : { metadata: {} };
  for (const path of previouslyApplied) {
    if (applied.has(path)) continue;
    if (others.some(o => [...o.paths].some(p => overlaps(p, path)))) continue;
    deletePath(result, pathParts(path));
  }
  mergeConfiguration(result, config, scope);

  const entry = {
    manager,
    operation: 'Apply' as const,
    apiVersion: config.apiVersion ?? 'v1',
    time: nowTimestamp(),
    fieldsType: 'FieldsV1' as const,
    fieldsV1: {},
    ...(scope.subresource ? { subresource: scope.subresource } : {}),
  };
  if (mineIndex >= 0) owners[mineIndex] = { entry, paths: applied };
  else owners.push({ entry, paths: applied });
  result.metadata.managedFields = encodeOwnership(owners);
  if (!result.metadata.managedFields) delete result.metadata.managedFields;
  return result;
}

function mergeConfiguration(
  target: KubeObject,
  config: KubeObject,
  scope: FieldScope,
): void {
  for (const [key, value] of Object.entries(config)) {
    if (key === 'metadata') {
      const meta = (value ?? {}) as Record<string, unknown>;
      const targetMeta = target.metadata as unknown as Record<string, unknown>;
      for (const field of ['name', 'namespace', 'generateName']) {
        if (meta[field] !== undefined && targetMeta[field] === undefined) {
          targetMeta[field] = meta[field];
        }
      }
      for (const field of [
        'labels',
        'annotations',
        'finalizers',
        'ownerReferences',
      ]) {
        if (meta[field] === undefined) continue;
        targetMeta[field] = mergeValue(targetMeta[field], meta[field]);
        if (targetMeta[field] === undefined) delete targetMeta[field];
      }
      continue;
    }
    if (scope.statusIsSubresource) {
      if (
        scope.subresource === 'status' &&
        key !== 'status' &&
        key !== 'apiVersion' &&
        key !== 'kind'
      )
        continue;
      if (scope.subresource !== 'status' && key === 'status') continue;
    }
    const merged = mergeValue(target[key], value);
    if (merged === undefined) delete target[key];
    else target[key] = merged;
  }
}

function mergeValue(current: unknown, value: unknown): unknown {
  if (value === null) return undefined;
  if (!isObject(value)) return clone(value);
  const result: Record<string, unknown> = isObject(current)
    ? { ...current }
    : {};
  for (const [key, child] of Object.entries(value)) {
    const merged = mergeValue(result[key], child);
    if (merged === undefined) delete result[key];
    else result[key] = merged;
  }
  return result;
}

function deletePath(target: Record<string, unknown>, parts: string[]): void {
  const parents: Array<Record<string, unknown>> = [];
  let node: unknown = target;
  for (const part of parts.slice(0, -1)) {
    if (!isObject(node)) return;
    parents.push(node);
    node = node[part];
  }
  if (!isObject(node)) return;
  delete node[parts[parts.length - 1]];
  // Remove maps the deletion emptied, as the apply would not have created them.
  for (let i = parts.length - 2; i >= 1; i--) {
    const child = parents[i]?.[parts[i]];
    if (isObject(child) && Object.keys(child).length === 0)
      delete parents[i][parts[i]];
    else break;
  }
}

function conflictError(
  request: ApplyRequest,
  conflicts: Array<{ manager: string; apiVersion: string; path: string }>,
) {
  const byManager = new Map<string, { apiVersion: string; paths: string[] }>();
  for (const c of conflicts) {
    const group = byManager.get(c.manager) ?? {
      apiVersion: c.apiVersion,
      paths: [],
    };
    if (!group.paths.includes(c.path)) group.paths.push(c.path);
    byManager.set(c.manager, group);
  }
  const total = [...byManager.values()].reduce((n, g) => n + g.paths.length, 0);
  const parts = [...byManager.entries()].map(([manager, g]) =>
    g.paths.length === 1
      ? `conflict with "${manager}" using ${g.apiVersion}: ${displayPath(
          g.paths[0],
        )}`
      : `conflicts with "${manager}" using ${g.apiVersion}:\n${g.paths
          .map(p => `- ${displayPath(p)}`)
          .join('\n')}`,
  );
  const causes: StatusCause[] = [];
  for (const [manager, g] of byManager) {
    for (const p of g.paths) {
      causes.push({
        reason: 'FieldManagerConflict',
        message: `conflict with "${manager}" using ${g.apiVersion}`,
        field: displayPath(p),
      });
    }
  }
  const name = request.config.metadata?.name ?? '';
  const error = conflict(request.resource, name, '', causes);
  return Object.assign(error, {
    message: `Apply failed with ${total} conflict${
      total === 1 ? '' : 's'
    }: ${parts.join('\n')}`,
  });
}
