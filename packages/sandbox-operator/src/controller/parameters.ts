import {
  SandboxSpec,
  TemplateParameter,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { TemplateError } from './TemplateError';

const MAX_STRING_LENGTH = 1000;

/**
 * The parameter values of a sandbox: each declared parameter's given value
 * or default, checked against its type, enum, pattern and range. A value for
 * an undeclared parameter, or a missing required one, is a TemplateError.
 */
export function resolveParameters(
  declared: TemplateParameter[],
  given: SandboxSpec['parameters'] = {},
): Record<string, string | number | boolean> {
  const byName = new Map(declared.map(p => [p.name, p]));
  for (const name of Object.keys(given)) {
    if (!byName.has(name)) {
      throw new TemplateError(
        'UnknownParameter',
        `The sandbox sets parameter "${name}", which the template does not declare.`,
      );
    }
  }
  const values: Record<string, string | number | boolean> = {};
  for (const parameter of declared) {
    const raw = given[parameter.name] ?? parameter.default;
    if (raw === undefined) {
      if (parameter.required) {
        throw new TemplateError(
          'MissingParameter',
          `The template needs a value for "${
            parameter.title ?? parameter.name
          }" (parameter ${parameter.name}) and none was given.`,
        );
      }
      continue;
    }
    values[parameter.name] = checkValue(parameter, raw);
  }
  return values;
}

function invalid(parameter: TemplateParameter, why: string): TemplateError {
  return new TemplateError(
    'InvalidParameter',
    `The value of "${parameter.title ?? parameter.name}" (parameter ${
      parameter.name
    }) ${why}.`,
  );
}

function checkValue(
  parameter: TemplateParameter,
  raw: unknown,
): string | number | boolean {
  let value: string | number | boolean;
  switch (parameter.type) {
    case 'number':
      value =
        typeof raw === 'string' && raw.trim() !== ''
          ? Number(raw)
          : (raw as number);
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw invalid(parameter, 'must be a number');
      }
      if (parameter.minimum !== undefined && value < parameter.minimum) {
        throw invalid(parameter, `must be at least ${parameter.minimum}`);
      }
      if (parameter.maximum !== undefined && value > parameter.maximum) {
        throw invalid(parameter, `must be at most ${parameter.maximum}`);
      }
      break;
    case 'boolean':
      if (raw === 'true' || raw === true) value = true;
      else if (raw === 'false' || raw === false) value = false;
      else throw invalid(parameter, 'must be true or false');
      break;
    default:
      if (
        typeof raw !== 'string' &&
        typeof raw !== 'number' &&
        typeof raw !== 'boolean'
      ) {
        throw invalid(parameter, 'must be text');
      }
      value = String(raw);
      if (value.length > MAX_STRING_LENGTH) {
        throw invalid(
          parameter,
          `must be at most ${MAX_STRING_LENGTH} characters`,
        );
      }
      if (parameter.pattern) {
        let pattern: RegExp;
        try {
          pattern = new RegExp(`^(?:${parameter.pattern})$`);
        } catch {
          throw new TemplateError(
            'InvalidTemplate',
            `Parameter ${parameter.name} has a pattern that is not a valid regular expression.`,
          );
        }
        if (!pattern.test(value)) {
          throw invalid(
            parameter,
            `does not match the allowed form (${parameter.pattern})`,
          );
        }
      }
  }
  if (
    parameter.enum &&
    !parameter.enum.some(allowed => String(allowed) === String(value))
  ) {
    throw invalid(parameter, `must be one of ${parameter.enum.join(', ')}`);
  }
  return value;
}
