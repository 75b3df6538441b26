import { badRequest, StatusCause, StatusError } from '../errors/StatusError';
import type { BuiltinSchema } from '../schema/builtin/builtinSchemas';
import type { SchemaError } from '../schema/builtin/schemaModules';
import {
  checkDeclaredFields,
  FieldReport,
  TypeMismatch,
} from '../schema/declaredFields';
import type { Schema } from '../schema/pruneAndDefault';
import type { KubeObject } from '../types';
import type { FieldValidation } from './requestTypes';

/** The Go type a schema type decodes into, as the decoder names it in errors. */
const GO_TYPES: Record<string, string> = {
  integer: 'int64',
  number: 'float64',
  string: 'string',
  boolean: 'bool',
  object: 'struct',
  array: 'slice',
  'int-or-string': 'intstr.IntOrString',
  quantity: 'resource.Quantity',
};

/** How Go's encoding/json names a JSON value's type. */
const JSON_TYPES: Record<string, string> = {
  string: 'string',
  number: 'number',
  boolean: 'bool',
  array: 'array',
  object: 'object',
};

function cannotBeHandled(object: KubeObject, why: string): StatusError {
  const version = object.apiVersion!.slice(object.apiVersion!.indexOf('/') + 1);
  return badRequest(
    `${object.kind} in version "${version}" cannot be handled as a ${object.kind}: ${why}`,
  );
}

function unmarshalError(mismatch: TypeMismatch): string {
  return `json: cannot unmarshal ${
    JSON_TYPES[mismatch.actual]
  } into Go struct field ${mismatch.path} of type ${
    GO_TYPES[mismatch.expected]
  }`;
}

/**
 * Decodes a built-in object as the API server does before anything else:
 * a value of the wrong JSON type is a 400; undeclared fields are refused
 * (`Strict`), dropped with a warning (`Warn`, the default) or dropped
 * silently (`Ignore`). Returns the warnings.
 */
export function decodeBuiltin(
  object: KubeObject,
  schema: BuiltinSchema,
  fieldValidation: FieldValidation | undefined,
): string[] {
  const report = checkDeclaredFields(object, schema.structure, {
    remove: fieldValidation !== 'Strict',
  });
  if (report.typeMismatches.length > 0)
    throw cannotBeHandled(object, unmarshalError(report.typeMismatches[0]));
  if (report.unknownFields.length === 0) return [];
  if (fieldValidation === 'Strict') {
    throw cannotBeHandled(
      object,
      `strict decoding error: ${report.unknownFields
        .map(f => `unknown field "${f}"`)
        .join(', ')}`,
    );
  }
  if (fieldValidation === 'Ignore') return [];
  return report.unknownFields.map(f => `unknown field "${f}"`);
}

/** `/spec/containers/0/name` → `spec.containers[0].name`. */
function fieldPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (path, part) =>
        /^\d+$/.test(part)
          ? `${path}[${part}]`
          : `${path ? `${path}.` : ''}${part}`,
      '',
    );
}

function valueAt(object: unknown, instancePath: string): unknown {
  return instancePath
    .split('/')
    .slice(1)
    .reduce<unknown>(
      (value, part) =>
        value && typeof value === 'object'
          ? (value as Record<string, unknown>)[
              part.replace(/~1/g, '/').replace(/~0/g, '~')
            ]
          : undefined,
      object,
    );
}

const FORMAT_ERRORS: Record<string, string> = {
  quantity:
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  byte: 'illegal base64 data',
  'date-time': 'parsing time: cannot parse as RFC3339',
};

/**
 * Checks a decoded, defaulted built-in object against its OpenAPI schema:
 * a malformed value of a typed format (quantity, base64, int32, time) is a
 * decoding error (400, thrown); missing required fields and values outside
 * an enum are returned as 422 causes. Status is left out: the server
 * validates status with its own rules, and kube-sim's controllers write it.
 */
export function schemaCauses(
  object: KubeObject,
  schema: BuiltinSchema,
): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const error of schema.validate(object)) {
    if (error.instancePath.startsWith('/status')) continue;
    const cause = toCause(object, error);
    if (cause) causes.push(cause);
  }
  return causes;
}

function toCause(
  object: KubeObject,
  error: SchemaError,
): StatusCause | undefined {
  const path = fieldPath(error.instancePath);
  const value = valueAt(object, error.instancePath);
  switch (error.keyword) {
    case 'required': {
      const missing = String(error.params.missingProperty);
      return {
        reason: 'FieldValueRequired',
        message: 'Required value',
        field: path ? `${path}.${missing}` : missing,
      };
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]) ?? [];
      return {
        reason: 'FieldValueNotSupported',
        message: `Unsupported value: ${JSON.stringify(
          value,
        )}: supported values: ${allowed
          .map(v => JSON.stringify(v))
          .join(', ')}`,
        field: path,
      };
    }
    case 'format': {
      const format = String(error.params.format);
      const why =
        FORMAT_ERRORS[format] ??
        `json: cannot unmarshal number ${JSON.stringify(
          value,
        )} into Go struct field ${path} of type ${format}`;
      throw cannotBeHandled(object, why);
    }
    default:
      // Type errors were answered by decodeBuiltin; oneOf repeats them.
      return undefined;
  }
}

/** smd's words for the scalar and collection types of a schema. */
const SMD_TYPES: Record<string, string> = {
  integer: 'numeric (int or float)',
  number: 'numeric (int or float)',
  string: 'string',
  boolean: 'boolean',
  object: 'map',
  array: 'list',
  'int-or-string': 'string or numeric',
  quantity: 'string or numeric',
};

/**
 * Server-side apply turns the applied configuration into a typed value
 * first; a field the schema does not declare, or a value of the wrong type,
 * fails that step. The real server answers it with a 500 without a reason
 * (kubernetes issues 122480 and 139253), whatever fieldValidation says.
 */
export function typedPatchError(
  config: KubeObject,
  structure: Schema,
  namespace: string,
  name: string,
): StatusError | undefined {
  const report: FieldReport = checkDeclaredFields(config, structure, {
    remove: false,
  });
  const errors = [
    ...report.typeMismatches.map(
      m => `.${m.path}: expected ${SMD_TYPES[m.expected]}, got ${m.actual}`,
    ),
    ...report.unknownFields.map(f => `.${f}: field not declared in schema`),
  ];
  if (errors.length === 0) return undefined;
  const slash = config.apiVersion!.indexOf('/');
  const gvk = `${slash < 0 ? '/' : ''}${config.apiVersion}, Kind=${
    config.kind
  }`;
  const detail =
    errors.length === 1
      ? errors[0]
      : ['errors:', ...errors.map(e => `  ${e}`)].join('\n');
  return new StatusError(
    500,
    '',
    `failed to create typed patch object (${namespace}/${name}; ${gvk}): ${detail}`,
  );
}
