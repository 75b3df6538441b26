import { FieldType, KINDS, MESSAGES } from '../protobuf/messageLayout';

/** An OpenAPI schema object, as much of it as kube-sim serves. */
export type OpenApiSchema = Record<string, unknown>;

/** The OpenAPI definition name of a Go API type: io.k8s.api.apps.v1.DeploymentSpec. */
export function definitionName(ref: string): string {
  const [pkg, type] = ref.split('.');
  if (pkg.startsWith('meta/'))
    return `io.k8s.apimachinery.pkg.apis.${pkg.replace('/', '.')}.${type}`;
  return `io.k8s.api.${pkg.replace('/', '.')}.${type}`;
}

/** The apimachinery types with a hand-written JSON form, named as the Kubernetes spec names them. */
const SPECIAL: Record<string, [string, OpenApiSchema] | OpenApiSchema> = {
  time: [
    'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
    { type: 'string', format: 'date-time' },
  ],
  microTime: [
    'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime',
    { type: 'string', format: 'date-time' },
  ],
  quantity: [
    'io.k8s.apimachinery.pkg.api.resource.Quantity',
    { type: 'string' },
  ],
  intOrString: [
    'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
    { type: 'string', format: 'int-or-string' },
  ],
  duration: { type: 'string' },
  // FieldsV1 and RawExtension hold any JSON object.
  json: { type: 'object' },
  string: { type: 'string' },
  int: { type: 'integer', format: 'int64' },
  bool: { type: 'boolean' },
  bytes: { type: 'string', format: 'byte' },
  double: { type: 'number', format: 'double' },
};

/**
 * The definitions of the built-in kinds, built from the Go API types of
 * kubernetesMessages.json (JSON names, nesting, scalar types, Go type names;
 * no descriptions or required lists): enough for kubectl's client-side
 * validation (unknown fields, wrong types) and `kubectl explain`.
 */
export class BuiltinDefinitions {
  readonly #refPrefix: string;
  readonly #definitions = new Map<string, OpenApiSchema>();

  /** refPrefix: `#/definitions/` (OpenAPI v2) or `#/components/schemas/` (v3). */
  constructor(refPrefix: string) {
    this.#refPrefix = refPrefix;
  }

  /** The definition name of a built-in kind, adding it and all it refers to; undefined if unknown. */
  addKind(apiVersion: string, kind: string): string | undefined {
    const ref = KINDS[`${apiVersion}/${kind}`];
    if (!ref) return undefined;
    const name = this.#addMessage(ref);
    const slash = apiVersion.indexOf('/');
    const definition = this.#definitions.get(name)!;
    const gvk = {
      group: slash < 0 ? '' : apiVersion.slice(0, slash),
      version: apiVersion.slice(slash + 1),
      kind,
    };
    const known = (definition['x-kubernetes-group-version-kind'] ??
      []) as unknown[];
    definition['x-kubernetes-group-version-kind'] = [...known, gvk];
    const properties = definition.properties as Record<string, OpenApiSchema>;
    properties.apiVersion = { type: 'string' };
    properties.kind = { type: 'string' };
    return name;
  }

  /** Every definition added so far, by name. */
  all(): Record<string, OpenApiSchema> {
    return Object.fromEntries(
      [...this.#definitions].sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  }

  #addMessage(ref: string): string {
    const name = definitionName(ref);
    if (this.#definitions.has(name)) return name;
    const properties: Record<string, OpenApiSchema> = {};
    const definition: OpenApiSchema = { type: 'object', properties };
    this.#definitions.set(name, definition);
    this.#addProperties(ref, properties);
    return name;
  }

  #addProperties(ref: string, properties: Record<string, OpenApiSchema>) {
    for (const entry of Object.values(MESSAGES[ref])) {
      if (
        entry.inline &&
        typeof entry.type === 'object' &&
        'message' in entry.type
      ) {
        this.#addProperties(entry.type.message, properties);
        continue;
      }
      const schema = this.#typeSchema(entry.type);
      properties[entry.name] = entry.repeated
        ? { type: 'array', items: schema }
        : schema;
    }
  }

  #typeSchema(type: FieldType): OpenApiSchema {
    if (typeof type === 'string') {
      const special = SPECIAL[type];
      if (!Array.isArray(special)) return special;
      const [name, schema] = special;
      this.#definitions.set(name, schema);
      return { $ref: `${this.#refPrefix}${name}` };
    }
    if ('message' in type)
      return { $ref: `${this.#refPrefix}${this.#addMessage(type.message)}` };
    if ('map' in type)
      return {
        type: 'object',
        additionalProperties: this.#typeSchema(type.map),
      };
    return { type: 'array', items: this.#typeSchema(type.list) };
  }
}
