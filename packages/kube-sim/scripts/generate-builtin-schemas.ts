/* eslint-disable no-console */
/**
 * Writes src/schema/builtin/schemas.json: the structural schema (declared
 * fields and their types) of every built-in kind kube-sim validates, derived
 * from the OpenAPI schemas of Kubernetes v1.33.0 that the registry package
 * `kubernetes-models` 4.5.1 ships compiled into validators.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs scripts/generate-builtin-schemas.ts
 *
 * The package ships only compiled validators, not the schema documents, so
 * the structure is read back from them: each validator is run on probe
 * objects that record which properties it reads, and the type errors it
 * reports tell scalars and arrays from objects. Run again after upgrading
 * kubernetes-models; the output is deterministic.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { builtinResources } from '../src/registry/builtinResources';
import {
  loadSchemaValidator,
  SchemaValidator,
  schemaModulePath,
} from '../src/schema/builtin/schemaModules';

type Probe =
  | { kind: 'unknown' }
  | { kind: 'object'; props: Map<string, Probe>; probedAsMap?: boolean }
  | { kind: 'maybeMap'; values?: Probe }
  | { kind: 'map'; values: Probe }
  | { kind: 'free' }
  | { kind: 'array'; items: Probe }
  | { kind: 'scalar'; types: string[] };

const MAP_PROBE_KEY = '__probe__';
const MAX_ROUNDS = 60;

/** Builds a probe value for a node: a Proxy that records the keys the validator reads. */
function probeValue(node: Probe): unknown {
  if (node.kind === 'array') return [probeValue(node.items)];
  if (node.kind === 'scalar' || node.kind === 'free') return {};
  const mapLike = node.kind === 'maybeMap' || node.kind === 'map';
  return new Proxy(
    {},
    {
      get(_target, key) {
        if (typeof key !== 'string') return undefined;
        if (mapLike) {
          if (key !== MAP_PROBE_KEY) return undefined;
          if (!node.values) node.values = { kind: 'unknown' };
          return probeValue(node.values);
        }
        if (node.kind !== 'object') return undefined;
        let child = node.props.get(key);
        if (!child) {
          child = { kind: 'unknown' };
          node.props.set(key, child);
        }
        return probeValue(child);
      },
      ownKeys: () => (mapLike ? [MAP_PROBE_KEY] : []),
      getOwnPropertyDescriptor: (_target, key) =>
        mapLike && key === MAP_PROBE_KEY
          ? { enumerable: true, configurable: true, value: undefined }
          : undefined,
      has: (_target, key) => mapLike && key === MAP_PROBE_KEY,
    },
  );
}

function derive(validate: SchemaValidator): Probe {
  const root: { node: Probe } = { node: { kind: 'unknown' } };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = false;
    const byPath = new Map<
      string,
      { get: () => Probe; set: (p: Probe) => void }
    >();
    const visit = (get: () => Probe, set: (p: Probe) => void, path: string) => {
      let node = get();
      if (node.kind === 'unknown') {
        node = { kind: 'object', props: new Map() };
        set(node);
        changed = true;
      }
      byPath.set(path, { get, set });
      if (node.kind === 'object') {
        for (const key of [...node.props.keys()]) {
          const obj = node;
          visit(
            () => obj.props.get(key)!,
            p => obj.props.set(key, p),
            `${path}/${key}`,
          );
        }
      } else if (node.kind === 'array') {
        const arr = node;
        visit(
          () => arr.items,
          p => (arr.items = p),
          `${path}/0`,
        );
      } else if (
        (node.kind === 'map' || node.kind === 'maybeMap') &&
        node.values
      ) {
        const map = node;
        visit(
          () => map.values!,
          p => (map.values = p),
          `${path}/${MAP_PROBE_KEY}`,
        );
      }
    };
    visit(
      () => root.node,
      p => (root.node = p),
      '',
    );
    const typeErrors = new Map<string, string[]>();
    for (const e of validate(probeValue(root.node))) {
      if (e.keyword !== 'type') continue;
      const types = typeErrors.get(e.instancePath) ?? [];
      types.push(...String(e.params.type).split(','));
      typeErrors.set(e.instancePath, types);
    }
    for (const [path, slot] of byPath) {
      const node = slot.get();
      const expected = typeErrors.get(path);
      if (node.kind === 'object' && expected && !expected.includes('object')) {
        changed = true;
        if (expected.includes('array'))
          slot.set({ kind: 'array', items: { kind: 'unknown' } });
        else slot.set({ kind: 'scalar', types: [...new Set(expected)].sort() });
      } else if (
        node.kind === 'object' &&
        node.props.size === 0 &&
        !node.probedAsMap
      ) {
        changed = true;
        slot.set({ kind: 'maybeMap' });
      } else if (node.kind === 'maybeMap') {
        changed = true;
        slot.set(
          node.values ? { kind: 'map', values: node.values } : { kind: 'free' },
        );
      }
    }
    if (!changed) return root.node;
  }
  throw new Error('the schema did not settle; is it recursive?');
}

/** The probe tree as an OpenAPI structural schema, with sorted properties. */
function toSchema(node: Probe): Record<string, unknown> {
  switch (node.kind) {
    case 'object':
      return {
        type: 'object',
        properties: Object.fromEntries(
          [...node.props.keys()]
            .sort()
            .map(k => [k, toSchema(node.props.get(k)!)]),
        ),
      };
    case 'map':
      return { type: 'object', additionalProperties: toSchema(node.values) };
    case 'array':
      return { type: 'array', items: toSchema(node.items) };
    case 'scalar': {
      const types = node.types.join(',');
      if (types === 'integer,string')
        return { 'x-kubernetes-int-or-string': true };
      if (types === 'number,string') return { format: 'quantity' };
      if (node.types.length !== 1) throw new Error(`unexpected types ${types}`);
      return { type: node.types[0] };
    }
    default:
      return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  }
}

/**
 * Properties kubernetes-models loses: it strips every `description` key of the
 * spec, which also removes a property named `description`. Found by comparing
 * with the JSON names of the Go API types (src/http/protobuf/kubernetesMessages.json);
 * PriorityClass.description is a string in k8s.io/api scheduling/v1 types.go.
 */
const PROPERTIES_LOST: Record<string, Record<string, unknown>> = {
  'scheduling.k8s.io/v1/PriorityClass': { description: { type: 'string' } },
};

function main() {
  const schemas: Record<string, unknown> = {};
  for (const rt of builtinResources()) {
    const modulePath = schemaModulePath(rt);
    if (!modulePath) continue;
    const key = `${rt.apiVersion}/${rt.kind}`;
    const schema = toSchema(derive(loadSchemaValidator(modulePath))) as {
      properties: Record<string, unknown>;
    };
    if (PROPERTIES_LOST[key]) {
      schema.properties = Object.fromEntries(
        Object.entries({ ...schema.properties, ...PROPERTIES_LOST[key] }).sort(
          ([a], [b]) => (a < b ? -1 : 1),
        ),
      );
    }
    schemas[key] = schema;
    console.log(`${rt.apiVersion} ${rt.kind} <- ${modulePath}`);
  }
  const out = resolve(__dirname, '../src/schema/builtin/schemas.json');
  writeFileSync(out, `${JSON.stringify(schemas)}\n`);
  console.log(`wrote ${out}`);
}

main();
