import type { StatusCause } from '../../errors/StatusError';

/**
 * The causes apimachinery's field.Error types give (util/validation/field/errors.go):
 * the message is ErrorBody(), the value printed as Go's %q (strings), %v
 * (numbers) or %#v (maps).
 */
export type GoValue = string | number | GoLiteral;

/** A value already printed as Go's %#v prints it (a map, a struct). */
export class GoLiteral {
  constructor(readonly text: string) {}
}

function printed(value: GoValue): string {
  if (value instanceof GoLiteral) return value.text;
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** Go's %#v of a map[string]string: keys sorted, `map[string]string(nil)` when absent. */
export function goStringMap(map: unknown): GoLiteral {
  if (map === undefined || map === null)
    return new GoLiteral('map[string]string(nil)');
  const entries = Object.entries(map as Record<string, string>)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
  return new GoLiteral(`map[string]string{${entries.join(', ')}}`);
}

export function invalidValue(
  field: string,
  value: GoValue,
  detail: string,
): StatusCause {
  return {
    reason: 'FieldValueInvalid',
    message: `Invalid value: ${printed(value)}: ${detail}`,
    field,
  };
}

export function duplicateValue(field: string, value: GoValue): StatusCause {
  return {
    reason: 'FieldValueDuplicate',
    message: `Duplicate value: ${printed(value)}`,
    field,
  };
}

export function notFound(field: string, value: GoValue): StatusCause {
  return {
    reason: 'FieldValueNotFound',
    message: `Not found: ${printed(value)}`,
    field,
  };
}

export function required(field: string, detail = ''): StatusCause {
  return {
    reason: 'FieldValueRequired',
    message: detail ? `Required value: ${detail}` : 'Required value',
    field,
  };
}

export function forbiddenField(field: string, detail: string): StatusCause {
  return {
    reason: 'FieldValueForbidden',
    message: `Forbidden: ${detail}`,
    field,
  };
}

export function tooLong(field: string, maxBytes: number): StatusCause {
  return {
    reason: 'FieldValueTooLong',
    message: `Too long: may not be more than ${maxBytes} bytes`,
    field,
  };
}

/** field.NotSupported: the value, then the supported values quoted (strconv.Quote). */
export function notSupported(
  field: string,
  value: GoValue,
  supported: readonly string[],
): StatusCause {
  const detail = supported.length
    ? `: supported values: ${supported.map(v => JSON.stringify(v)).join(', ')}`
    : '';
  return {
    reason: 'FieldValueNotSupported',
    message: `Unsupported value: ${printed(value)}${detail}`,
    field,
  };
}

/** Go's %#v of a []string: `[]string{"a", "b"}`, `[]string(nil)` when absent. */
export function goStringSlice(values: unknown): GoLiteral {
  if (!Array.isArray(values)) return new GoLiteral('[]string(nil)');
  return new GoLiteral(
    `[]string{${values.map(v => JSON.stringify(String(v))).join(', ')}}`,
  );
}
