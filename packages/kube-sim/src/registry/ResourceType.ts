import type { JsonObject } from '../types';

/** Paths the scale subresource reads and writes (CRD spec.versions[].subresources.scale). */
export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** A CRD additionalPrinterColumns entry. */
export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  format?: string;
  priority?: number;
}

/** Everything the server knows about one served resource (one group/version/plural). */
export interface ResourceType {
  group: string;
  version: string;
  /** "v1" or "apps/v1". */
  apiVersion: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** True for custom resources served from a CRD. */
  custom: boolean;
  /** metadata.generation is kept and bumped on spec changes. */
  tracksGeneration: boolean;
  subresources: {
    status: boolean;
    scale?: ScaleSubresource;
    log?: boolean;
  };
  /** Field selector labels beyond metadata.name / metadata.namespace. */
  selectableFields: string[];
  /** The structural schema of a custom resource version. */
  schema?: JsonObject;
  printerColumns: PrinterColumn[];
  /** The verbs discovery advertises for the resource. */
  verbs: string[];
}

/** The verbs every served resource supports, built-in or custom. */
export const RESOURCE_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

/** The key that identifies a resource's storage, independent of version. */
export function storageKey(rt: Pick<ResourceType, 'group' | 'plural'>): string {
  return rt.group ? `${rt.plural}.${rt.group}` : rt.plural;
}
