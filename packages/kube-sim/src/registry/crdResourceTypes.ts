import type { JsonObject, KubeObject } from '../types';
import { isObject } from '../util/json';
import type {
  PrinterColumn,
  ResourceType,
  ScaleSubresource,
} from './ResourceType';
import { RESOURCE_VERBS } from './ResourceType';

interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: JsonObject };
  subresources?: { status?: JsonObject; scale?: ScaleSubresource };
  additionalPrinterColumns?: PrinterColumn[];
  selectableFields?: Array<{ jsonPath: string }>;
}

interface CrdSpec {
  group: string;
  scope: 'Namespaced' | 'Cluster';
  names: {
    kind: string;
    plural: string;
    singular?: string;
    listKind?: string;
    shortNames?: string[];
    categories?: string[];
  };
  versions: CrdVersion[];
}

/** The resource types a CustomResourceDefinition serves, one per served version. */
export function crdResourceTypes(crd: KubeObject): ResourceType[] {
  const spec = crd.spec as CrdSpec;
  if (!isObject(spec) || !Array.isArray(spec.versions)) return [];
  const served = spec.versions.filter(v => v.served !== false);
  // The storage version first, so discovery prefers it as kubectl expects.
  served.sort(
    (a, b) => Number(b.storage ?? false) - Number(a.storage ?? false),
  );
  return served.map(version => ({
    group: spec.group,
    version: version.name,
    apiVersion: `${spec.group}/${version.name}`,
    kind: spec.names.kind,
    listKind: spec.names.listKind ?? `${spec.names.kind}List`,
    plural: spec.names.plural,
    singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
    namespaced: spec.scope !== 'Cluster',
    shortNames: spec.names.shortNames ?? [],
    categories: spec.names.categories ?? [],
    custom: true,
    tracksGeneration: true,
    subresources: {
      status: isObject(version.subresources?.status),
      scale: version.subresources?.scale,
    },
    selectableFields: (version.selectableFields ?? []).map(f =>
      f.jsonPath.replace(/^\./, ''),
    ),
    schema: version.schema?.openAPIV3Schema,
    printerColumns: version.additionalPrinterColumns ?? [],
    verbs: RESOURCE_VERBS,
  }));
}
