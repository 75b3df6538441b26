import {
  checkParameterValue,
  TemplateParameter,
} from '@sandboxkit/backstage-plugin-sandboxes-common';

/** Form values as typed: text for strings and numbers, booleans as such. */
export type ParameterFormValues = Record<string, string | boolean>;

export type ParameterValue = string | number | boolean;

/** The form's starting values: each parameter's default, or empty. */
export function initialParameterValues(
  parameters: TemplateParameter[],
  prefilled: Record<string, ParameterValue> = {},
): ParameterFormValues {
  const values: ParameterFormValues = {};
  for (const p of parameters) {
    const value = prefilled[p.name] ?? p.default;
    if (p.type === 'boolean') {
      values[p.name] = value === true || value === 'true';
    } else {
      values[p.name] = value === undefined ? '' : String(value);
    }
  }
  return values;
}

function label(p: TemplateParameter) {
  return p.title ?? p.name;
}

/**
 * The message shown under a field, or undefined when the value is fine: the
 * shared rules of sandboxes-common, worded with the field's label.
 */
export function validateParameter(
  p: TemplateParameter,
  value: string | boolean | undefined,
): string | undefined {
  if (p.type === 'boolean') {
    return undefined;
  }
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') {
    return p.required ? `${label(p)} is required` : undefined;
  }
  const checked = checkParameterValue(p, text);
  return 'problem' in checked ? `${label(p)} ${checked.problem}` : undefined;
}

/** All messages, keyed by parameter name; empty when the form can be sent. */
export function validateParameters(
  parameters: TemplateParameter[],
  values: ParameterFormValues,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const p of parameters) {
    const message = validateParameter(p, values[p.name]);
    if (message) errors[p.name] = message;
  }
  return errors;
}

/** Typed values for the API; empty optional fields are left out. */
export function toParameterValues(
  parameters: TemplateParameter[],
  values: ParameterFormValues,
): Record<string, ParameterValue> {
  const result: Record<string, ParameterValue> = {};
  for (const p of parameters) {
    const value = values[p.name];
    if (p.type === 'boolean') {
      result[p.name] = value === true;
    } else if (typeof value === 'string' && value.trim() !== '') {
      result[p.name] = p.type === 'number' ? Number(value) : value.trim();
    }
  }
  return result;
}
