import type { StatusCause } from '../errors/StatusError';
import type { JsonObject, KubeObject } from '../types';

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

/**
 * How a version that is another view of a stored resource converts to and
 * from the stored shape (events.k8s.io/v1 Events are stored as core/v1).
 */
export interface VersionConversion {
  /** The storage key of the resource this version is a view of. */
  storedAs: string;
  toStorage(object: KubeObject): KubeObject;
  fromStorage(object: KubeObject): KubeObject;
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
    /** serviceaccounts/token: TokenRequest (authentication.k8s.io/v1). */
    token?: boolean;
  };
  /** Field selector labels beyond metadata.name / metadata.namespace. */
  selectableFields: string[];
  /** Selectable fields whose value is read at another path (a core/v1 Event's `source` is source.component). */
  fieldPaths?: Record<string, string>;
  /** The structural schema of a custom resource version. */
  schema?: JsonObject;
  printerColumns: PrinterColumn[];
  /** The verbs discovery advertises for the resource. */
  verbs: string[];
  /** Set when this version shares another resource's storage. */
  conversion?: VersionConversion;
  /** Checks a built-in makes on create, beyond names and schemas. */
  validateCreate?: (object: KubeObject) => StatusCause[];
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
export function storageKey(
  rt: Pick<ResourceType, 'group' | 'plural' | 'conversion'>,
): string {
  if (rt.conversion) return rt.conversion.storedAs;
  return rt.group ? `${rt.plural}.${rt.group}` : rt.plural;
}

/** A stored object as the resource's version shows it (kind and apiVersion aside). */
export function inServedVersion(
  rt: Pick<ResourceType, 'conversion'>,
  stored: KubeObject,
): KubeObject {
  return rt.conversion ? rt.conversion.fromStorage(stored) : stored;
}
