import { isObject } from '../util/json';
import type { Schema } from './pruneAndDefault';

/** A value whose JSON type the schema does not allow. */
export interface TypeMismatch {
  /** `spec.replicas`, `spec.containers[0].name`. */
  path: string;
  /** The schema's type: string, integer, number, boolean, object, array, int-or-string, quantity. */
  expected: string;
  /** The JSON type sent: string, number, boolean, array, object. */
  actual: string;
}

/** What a value holds that its schema does not declare or type. */
export interface FieldReport {
  unknownFields: string[];
  typeMismatches: TypeMismatch[];
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (isObject(value)) return 'object';
  return typeof value;
}

function expectedType(schema: Schema): string | undefined {
  if (schema['x-kubernetes-int-or-string'] === true) return 'int-or-string';
  if (schema.format === 'quantity') return 'quantity';
  return typeof schema.type === 'string' ? schema.type : undefined;
}

function fits(expected: string, value: unknown): boolean {
  const actual = jsonType(value);
  switch (expected) {
    case 'int-or-string':
      return (
        actual === 'string' || (actual === 'number' && Number.isInteger(value))
      );
    case 'quantity':
      return actual === 'string' || actual === 'number';
    case 'integer':
      return actual === 'number' && Number.isInteger(value);
    default:
      return actual === expected;
  }
}

/**
 * Walks a value against a structural schema and reports the fields it does
 * not declare and the values of the wrong JSON type, as the API server's
 * decoder does. With `remove`, undeclared fields are deleted (pruned).
 * At the root of an embedded resource, apiVersion/kind/metadata are left
 * to the caller unless the schema declares them (built-in kinds do).
 */
export function checkDeclaredFields(
  value: unknown,
  schema: Schema,
  options: { remove: boolean },
): FieldReport {
  const report: FieldReport = { unknownFields: [], typeMismatches: [] };
  walk(value, schema, '', report, options.remove, true);
  return report;
}

function walk(
  value: unknown,
  schema: Schema,
  path: string,
  report: FieldReport,
  remove: boolean,
  root = false,
): void {
  // JSON null decodes to the zero value of any field.
  if (value === null || value === undefined) return;
  const expected = expectedType(schema);
  if (expected && !fits(expected, value)) {
    report.typeMismatches.push({ path, expected, actual: jsonType(value) });
    return;
  }
  if (Array.isArray(value)) {
    if (isObject(schema.items)) {
      value.forEach((item, i) =>
        walk(item, schema.items as Schema, `${path}[${i}]`, report, remove),
      );
    }
    return;
  }
  if (!isObject(value)) return;
  if (schema['x-kubernetes-preserve-unknown-fields'] === true) return;
  const properties = isObject(schema.properties) ? schema.properties : {};
  const embedded = root || schema['x-kubernetes-embedded-resource'] === true;
  for (const key of Object.keys(value)) {
    const fieldPath = path ? `${path}.${key}` : key;
    const declared = properties[key];
    // A custom resource's schema says little or nothing of its type meta
    // and metadata, which the server checks itself; built-ins declare them.
    const typeMeta =
      embedded &&
      (key === 'apiVersion' || key === 'kind' || key === 'metadata') &&
      !(isObject(declared) && isObject(declared.properties));
    if (typeMeta) continue;
    if (isObject(declared)) {
      walk(value[key], declared as Schema, fieldPath, report, remove);
    } else if (isObject(schema.additionalProperties)) {
      walk(
        value[key],
        schema.additionalProperties as Schema,
        fieldPath,
        report,
        remove,
      );
    } else if (schema.additionalProperties !== true) {
      report.unknownFields.push(fieldPath);
      if (remove) delete value[key];
    }
  }
}
