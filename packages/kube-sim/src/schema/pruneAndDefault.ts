import type { JsonObject } from '../types';
import { clone, isObject } from '../util/json';

/** An OpenAPI v3 structural schema node (the subset CRDs use). */
export type Schema = JsonObject;

function child(schema: Schema, key: string): Schema | undefined {
  const props = schema.properties;
  if (isObject(props) && isObject(props[key])) return props[key] as Schema;
  if (isObject(schema.additionalProperties))
    return schema.additionalProperties as Schema;
  return undefined;
}

function keepsUnknown(schema: Schema): boolean {
  return (
    schema['x-kubernetes-preserve-unknown-fields'] === true ||
    schema.additionalProperties === true
  );
}

/**
 * Removes fields the schema does not know (unless it preserves unknown
 * fields) and returns the paths of what was removed, for strict field
 * validation. The root's apiVersion/kind/metadata are always kept.
 */
export function prune(
  value: unknown,
  schema: Schema,
  path: string,
  removed: string[],
  root = false,
): void {
  if (Array.isArray(value)) {
    if (isObject(schema.items)) {
      value.forEach((item, i) =>
        prune(item, schema.items as Schema, `${path}[${i}]`, removed),
      );
    }
    return;
  }
  if (!isObject(value)) return;
  const embedded = root || schema['x-kubernetes-embedded-resource'] === true;
  for (const key of Object.keys(value)) {
    if (
      embedded &&
      (key === 'apiVersion' || key === 'kind' || key === 'metadata')
    )
      continue;
    const fieldPath = path ? `${path}.${key}` : key;
    const sub = child(schema, key);
    if (sub) prune(value[key], sub, fieldPath, removed);
    else if (!keepsUnknown(schema)) {
      removed.push(fieldPath);
      delete value[key];
    }
  }
}

/** Sets schema defaults on absent fields, recursively, as the API server does on read and write. */
export function applyDefaults(value: unknown, schema: Schema): void {
  if (Array.isArray(value)) {
    if (isObject(schema.items))
      value.forEach(item => applyDefaults(item, schema.items as Schema));
    return;
  }
  if (!isObject(value)) return;
  const props = isObject(schema.properties) ? schema.properties : {};
  for (const [key, sub] of Object.entries(props)) {
    if (!isObject(sub)) continue;
    if (value[key] === undefined && sub.default !== undefined)
      value[key] = clone(sub.default);
    if (value[key] !== undefined) applyDefaults(value[key], sub as Schema);
  }
  if (isObject(schema.additionalProperties)) {
    for (const key of Object.keys(value)) {
      if (!(key in props))
        applyDefaults(value[key], schema.additionalProperties as Schema);
    }
  }
}
