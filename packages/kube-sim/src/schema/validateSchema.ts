import type { StatusCause } from '../errors/StatusError';
import { isObject } from '../util/json';
import type { Schema } from './pruneAndDefault';

const DATE_TIME =
  /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function show(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value)
    : JSON.stringify(value) ?? 'null';
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number')
    return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * Validates a value against a structural schema and returns field-named
 * causes worded as the API server words them.
 */
export function validateSchema(
  value: unknown,
  schema: Schema,
  path: string,
  causes: StatusCause[],
): void {
  const invalidValue = (message: string) =>
    causes.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${show(value)}: ${message}`,
      field: path,
    });
  if (value === null) {
    if (schema.nullable !== true) {
      invalidValue(
        `${path} in body must be of type ${schema.type ?? 'object'}: "null"`,
      );
    }
    return;
  }
  const type = schema.type as string | undefined;
  const actual = typeOf(value);
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  if (intOrString) {
    if (actual !== 'integer' && actual !== 'string') {
      invalidValue(
        `${path} in body must be of type integer,string: "${actual}"`,
      );
      return;
    }
  } else if (
    type &&
    !(type === actual || (type === 'number' && actual === 'integer'))
  ) {
    invalidValue(`${path} in body must be of type ${type}: "${actual}"`);
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some(e => e === value)) {
    causes.push({
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${show(
        value,
      )}: supported values: ${schema.enum.map(e => show(e)).join(', ')}`,
      field: path,
    });
  }
  if (typeof value === 'string')
    validateString(value, schema, path, causes, invalidValue);
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number') {
      const exclusive = schema.exclusiveMinimum === true;
      if (exclusive ? value <= schema.minimum : value < schema.minimum) {
        invalidValue(
          `${path} in body should be greater than ${
            exclusive ? '' : 'or equal to '
          }${schema.minimum}`,
        );
      }
    }
    if (typeof schema.maximum === 'number') {
      const exclusive = schema.exclusiveMaximum === true;
      if (exclusive ? value >= schema.maximum : value > schema.maximum) {
        invalidValue(
          `${path} in body should be less than ${
            exclusive ? '' : 'or equal to '
          }${schema.maximum}`,
        );
      }
    }
  }
  if (Array.isArray(value)) {
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
      causes.push({
        reason: 'FieldValueTooMany',
        message: `Too many: ${value.length}: must have at most ${schema.maxItems} items`,
        field: path,
      });
    }
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
      invalidValue(
        `${path} in body should have at least ${schema.minItems} items`,
      );
    }
    if (isObject(schema.items)) {
      value.forEach((item, i) =>
        validateSchema(item, schema.items as Schema, `${path}[${i}]`, causes),
      );
    }
  }
  if (isObject(value)) validateObject(value, schema, path, causes);
}

function validateString(
  value: string,
  schema: Schema,
  path: string,
  causes: StatusCause[],
  invalidValue: (message: string) => void,
): void {
  if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
    causes.push({
      reason: 'FieldValueTooLong',
      message: `Too long: may not be more than ${schema.maxLength} bytes`,
      field: path,
    });
  }
  if (typeof schema.minLength === 'number' && value.length < schema.minLength) {
    invalidValue(
      `${path} in body should be at least ${schema.minLength} chars long`,
    );
  }
  if (
    typeof schema.pattern === 'string' &&
    !new RegExp(schema.pattern, 'u').test(value)
  ) {
    invalidValue(`${path} in body should match '${schema.pattern}'`);
  }
  if (schema.format === 'date-time' && !DATE_TIME.test(value)) {
    invalidValue(`${path} in body must be of type date-time: ${show(value)}`);
  }
}

function validateObject(
  value: Record<string, unknown>,
  schema: Schema,
  path: string,
  causes: StatusCause[],
): void {
  const prefix = path ? `${path}.` : '';
  for (const key of Array.isArray(schema.required)
    ? (schema.required as string[])
    : []) {
    if (value[key] === undefined) {
      causes.push({
        reason: 'FieldValueRequired',
        message: 'Required value',
        field: `${prefix}${key}`,
      });
    }
  }
  const props = isObject(schema.properties) ? schema.properties : {};
  for (const [key, child] of Object.entries(value)) {
    if (!path && (key === 'apiVersion' || key === 'kind' || key === 'metadata'))
      continue;
    let sub: Schema | undefined;
    if (isObject(props[key])) sub = props[key] as Schema;
    else if (isObject(schema.additionalProperties))
      sub = schema.additionalProperties as Schema;
    if (sub && child !== undefined)
      validateSchema(child, sub, `${prefix}${key}`, causes);
  }
  if (
    typeof schema.maxProperties === 'number' &&
    Object.keys(value).length > schema.maxProperties
  ) {
    causes.push({
      reason: 'FieldValueTooMany',
      message: `Too many: ${Object.keys(value).length}: must have at most ${
        schema.maxProperties
      } items`,
      field: path,
    });
  }
}
