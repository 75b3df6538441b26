import type { KubeObject, ManagedFieldsEntry } from '../types';
import { nowTimestamp } from '../util/time';
import {
  changedPaths,
  FieldScope,
  fromFieldsV1,
  overlaps,
  toFieldsV1,
} from './fieldPaths';

/** A managedFields entry with its fields decoded into a path set. */
export interface Ownership {
  entry: ManagedFieldsEntry;
  paths: Set<string>;
}

export function decodeOwnership(
  entries: ManagedFieldsEntry[] | undefined,
): Ownership[] {
  return (entries ?? []).map(entry => ({
    entry,
    paths: fromFieldsV1(entry.fieldsV1),
  }));
}

export function encodeOwnership(
  owners: Ownership[],
): ManagedFieldsEntry[] | undefined {
  const entries = owners
    .filter(o => o.paths.size > 0)
    .map(o => ({ ...o.entry, fieldsV1: toFieldsV1(o.paths) }));
  return entries.length > 0 ? entries : undefined;
}

/** True when the entry belongs to the manager/operation/subresource triple. */
export function isEntryOf(
  entry: ManagedFieldsEntry,
  manager: string,
  operation: 'Apply' | 'Update',
  subresource: string | undefined,
): boolean {
  return (
    entry.manager === manager &&
    entry.operation === operation &&
    (entry.subresource ?? '') === (subresource ?? '')
  );
}

/**
 * The managedFields after a non-apply write (create, update, merge/json/
 * strategic patch): the writer takes every field it changed, other managers
 * lose them. No conflicts are raised for such writes, as on a real server.
 */
export function recordUpdate(
  before: KubeObject | undefined,
  after: KubeObject,
  manager: string,
  scope: FieldScope,
): ManagedFieldsEntry[] | undefined {
  const existing = before?.metadata.managedFields;
  const changed = changedPaths(before, after, scope);
  if (changed.length === 0) return existing;
  const owners = decodeOwnership(existing);
  for (const owner of owners) {
    for (const path of [...owner.paths]) {
      if (changed.some(c => overlaps(c, path))) owner.paths.delete(path);
    }
  }
  let mine = owners.find(o =>
    isEntryOf(o.entry, manager, 'Update', scope.subresource),
  );
  if (!mine) {
    mine = {
      entry: {
        manager,
        operation: 'Update',
        apiVersion: after.apiVersion ?? 'v1',
        time: nowTimestamp(),
        fieldsType: 'FieldsV1',
        fieldsV1: {},
        ...(scope.subresource ? { subresource: scope.subresource } : {}),
      },
      paths: new Set(),
    };
    owners.push(mine);
  }
  mine.entry = {
    ...mine.entry,
    time: nowTimestamp(),
    apiVersion: after.apiVersion ?? 'v1',
  };
  const present = new Set(changedPaths(undefined, after, scope));
  for (const path of changed) if (present.has(path)) mine.paths.add(path);
  return encodeOwnership(owners);
}
