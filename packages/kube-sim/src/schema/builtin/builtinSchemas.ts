import type { Schema } from '../pruneAndDefault';
import {
  loadSchemaValidator,
  SchemaValidator,
  schemaModulePath,
} from './schemaModules';
import structures from './schemas.json';

/** What kube-sim knows of a built-in kind's OpenAPI schema. */
export interface BuiltinSchema {
  /** Declared fields and their types (scripts/generate-builtin-schemas.ts). */
  structure: Schema;
  /** The compiled OpenAPI schema: types, required fields, enums, formats. */
  validate: SchemaValidator;
}

const loaded = new Map<string, BuiltinSchema | null>();

/**
 * The schema of a built-in kind by apiVersion and kind, or undefined when
 * kube-sim does not validate it. Validators are loaded once per kind.
 */
export function builtinSchema(
  apiVersion: string,
  kind: string,
): BuiltinSchema | undefined {
  const key = `${apiVersion}/${kind}`;
  let schema = loaded.get(key);
  if (schema === undefined) {
    const structure = (structures as Record<string, Schema>)[key];
    const slash = apiVersion.indexOf('/');
    const modulePath = schemaModulePath({
      group: slash < 0 ? '' : apiVersion.slice(0, slash),
      version: apiVersion.slice(slash + 1),
      kind,
    });
    schema =
      structure && modulePath
        ? { structure, validate: loadSchemaValidator(modulePath) }
        : null;
    loaded.set(key, schema);
  }
  return schema ?? undefined;
}
