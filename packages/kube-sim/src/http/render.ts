import { inServedVersion, ResourceType } from '../registry/ResourceType';
import type { KubeObject } from '../types';
import { tableColumns } from './tableColumns';

/** The representation a client asked for with its Accept header. */
export type Representation = 'object' | 'table' | 'metadata';

export function representationFor(accept: string | undefined): Representation {
  const first = (accept ?? '').split(',')[0] ?? '';
  if (/as=Table/.test(first)) return 'table';
  if (/as=PartialObjectMetadata/.test(first)) return 'metadata';
  return 'object';
}

/** The object as served at the requested version (kind and apiVersion set). */
export function present(rt: ResourceType, object: KubeObject): KubeObject {
  const served = inServedVersion(rt, object);
  if (served.apiVersion === rt.apiVersion && served.kind === rt.kind)
    return served;
  return { ...served, apiVersion: rt.apiVersion, kind: rt.kind };
}

function partial(object: KubeObject) {
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: object.metadata,
  };
}

/** A list response; built-in list items carry no kind/apiVersion, as the real server sends them. */
export function renderList(
  rt: ResourceType,
  items: KubeObject[],
  meta: {
    resourceVersion: string;
    continue?: string;
    remainingItemCount?: number;
  },
  representation: Representation,
  includeObject: string | undefined,
) {
  const metadata: Record<string, unknown> = {
    resourceVersion: meta.resourceVersion,
  };
  if (meta.continue) metadata.continue = meta.continue;
  if (meta.remainingItemCount !== undefined)
    metadata.remainingItemCount = meta.remainingItemCount;
  if (representation === 'table')
    return renderTable(rt, items, metadata, includeObject);
  if (representation === 'metadata') {
    return {
      kind: 'PartialObjectMetadataList',
      apiVersion: 'meta.k8s.io/v1',
      metadata,
      items: items.map(partial),
    };
  }
  return {
    kind: rt.listKind,
    apiVersion: rt.apiVersion,
    metadata,
    items: items.map(item => {
      if (rt.custom) return present(rt, item);
      const { apiVersion: _a, kind: _k, ...rest } = inServedVersion(rt, item);
      return rest;
    }),
  };
}

/** One object in the requested representation. */
export function renderObject(
  rt: ResourceType,
  object: KubeObject,
  representation: Representation,
  includeObject?: string,
) {
  if (representation === 'table') {
    return renderTable(
      rt,
      [object],
      { resourceVersion: object.metadata.resourceVersion },
      includeObject,
    );
  }
  if (representation === 'metadata') return partial(object);
  return present(rt, object);
}

/** A meta.k8s.io/v1 Table, as `kubectl get` requests. */
export function renderTable(
  rt: ResourceType,
  items: KubeObject[],
  metadata: Record<string, unknown>,
  includeObject: string | undefined,
) {
  const columns = tableColumns(rt);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: columns.map(
      ({ cell: _cell, ...definition }) => definition,
    ),
    rows: items.map(item => ({
      cells: columns.map(c => c.cell(item) ?? null),
      object: rowObject(rt, item, includeObject),
    })),
  };
}

/** The row object: PartialObjectMetadata by default, as the server's includeObject default. */
function rowObject(
  rt: ResourceType,
  item: KubeObject,
  includeObject: string | undefined,
) {
  if (includeObject === 'None') return undefined;
  if (includeObject === 'Object') return present(rt, item);
  return partial(item);
}
