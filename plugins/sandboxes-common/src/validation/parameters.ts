import { TemplateParameter } from '../crd/types';
import { matchesPattern, patternProblem } from './patterns';

/** A parameter value as stored on a Sandbox. @public */
export type ParameterValue = string | number | boolean;

/** Limits every caller applies to parameter values. @public */
export const PARAMETER_LIMITS = {
  /** The longest text value; placeholders put it into object fields. */
  maxStringLength: 1000,
} as const;

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
};

/**
 * One thing wrong with one parameter: `message` is the rule alone ("must be
 * one of eu, us"), so each caller can prefix the field
 * (`parameters.region: …`) or the label a person sees.
 *
 * @public
 */
export interface ParameterProblem {
  parameter: string;
  message: string;
}

/**
 * Converts a given value to the parameter's type and checks it against the
 * declaration: type, length, enum, pattern (RE2, full match), range. Text
 * that spells a number or a boolean is accepted for those types, since
 * forms and YAML often deliver them as text.
 *
 * @public
 */
export function checkParameterValue(
  parameter: TemplateParameter,
  raw: unknown,
): { value: ParameterValue } | { problem: string } {
  const value = convert(parameter.type, raw);
  if (value === undefined) {
    return { problem: `must be ${TYPE_WORDS[parameter.type] ?? 'text'}` };
  }
  const problem = ruleProblem(parameter, value);
  return problem ? { problem } : { value };
}

/**
 * The values of a sandbox: each declared parameter's given value or its
 * default, converted and checked. Every problem is reported, not only the
 * first; `values` holds what passed.
 *
 * @public
 */
export function resolveParameterValues(
  declared: TemplateParameter[],
  given: Record<string, unknown> = {},
): { values: Record<string, ParameterValue>; problems: ParameterProblem[] } {
  const byName = new Map(declared.map(p => [p.name, p]));
  const problems: ParameterProblem[] = [];
  for (const name of Object.keys(given)) {
    if (!byName.has(name)) {
      problems.push({
        parameter: name,
        message: `is not a parameter of this template (known: ${
          declared.map(p => p.name).join(', ') || 'none'
        })`,
      });
    }
  }
  const values: Record<string, ParameterValue> = {};
  for (const parameter of declared) {
    const raw = Object.hasOwn(given, parameter.name)
      ? given[parameter.name]
      : undefined;
    const chosen = raw ?? parameter.default;
    if (chosen === undefined) {
      if (parameter.required) {
        problems.push({ parameter: parameter.name, message: 'is required' });
      }
      continue;
    }
    const checked = checkParameterValue(parameter, chosen);
    if ('problem' in checked) {
      problems.push({ parameter: parameter.name, message: checked.problem });
    } else {
      values[parameter.name] = checked.value;
    }
  }
  return { values, problems };
}

/**
 * What is wrong with a template's parameter declarations: a pattern RE2
 * cannot compile (or too long or complex), a range with minimum above
 * maximum, a default or enum value that breaks the parameter's own rules,
 * a name declared twice. A template with any of these is not valid.
 *
 * @public
 */
export function templateParameterProblems(
  declared: TemplateParameter[],
): ParameterProblem[] {
  const problems: ParameterProblem[] = [];
  const seen = new Set<string>();
  for (const parameter of declared) {
    const before = problems.length;
    const add = (message: string) =>
      problems.push({ parameter: parameter.name, message });
    if (seen.has(parameter.name)) add('is declared more than once');
    seen.add(parameter.name);
    if (parameter.pattern !== undefined) {
      const problem =
        parameter.type === 'string'
          ? patternProblem(parameter.pattern)
          : 'pattern applies only to string parameters';
      if (problem) add(problem);
    }
    if (
      parameter.minimum !== undefined &&
      parameter.maximum !== undefined &&
      parameter.minimum > parameter.maximum
    ) {
      add(`minimum ${parameter.minimum} is above maximum ${parameter.maximum}`);
    }
    if (parameter.secret) {
      // A value written into the template would be readable by every
      // reader of templates, which is what a secret parameter avoids.
      if (parameter.type !== 'string') add('a secret parameter must be text');
      if (parameter.default !== undefined)
        add('a secret parameter cannot have a default');
      if (parameter.enum !== undefined)
        add('a secret parameter cannot have an enum');
    }
    const withoutEnum = { ...parameter, enum: undefined };
    for (const option of parameter.enum ?? []) {
      const checked = checkParameterValue(withoutEnum, option);
      if ('problem' in checked) {
        add(`enum value ${JSON.stringify(option)} ${checked.problem}`);
      }
    }
    // The default is checked only against rules that are themselves sound.
    if (parameter.default !== undefined && problems.length === before) {
      const checked = checkParameterValue(parameter, parameter.default);
      if ('problem' in checked) add(`default ${checked.problem}`);
    }
  }
  return problems;
}

/**
 * Separates the values of secret parameters, which are never stored on the
 * Sandbox, from the others.
 *
 * @public
 */
export function splitSecretParameterValues(
  declared: TemplateParameter[],
  values: Record<string, ParameterValue>,
): {
  plain: Record<string, ParameterValue>;
  secret: Record<string, string>;
} {
  const secretNames = new Set(declared.filter(p => p.secret).map(p => p.name));
  const plain: Record<string, ParameterValue> = {};
  const secret: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (secretNames.has(name)) secret[name] = String(value);
    else plain[name] = value;
  }
  return { plain, secret };
}

/**
 * Problems as one message for an API error:
 * "parameters.region: must be one of eu, us; parameters.size: is required".
 *
 * @public
 */
export function formatParameterProblems(
  problems: ParameterProblem[],
  prefix = 'parameters',
): string {
  return problems.map(p => `${prefix}.${p.parameter}: ${p.message}`).join('; ');
}

function convert(
  type: TemplateParameter['type'],
  raw: unknown,
): ParameterValue | undefined {
  switch (type) {
    case 'number': {
      const value =
        typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
      return typeof value === 'number' && Number.isFinite(value)
        ? value
        : undefined;
    }
    case 'boolean':
      if (raw === true || raw === 'true') return true;
      if (raw === false || raw === 'false') return false;
      return undefined;
    case 'string':
      return typeof raw === 'string' ? raw : undefined;
    default:
      return undefined;
  }
}

function ruleProblem(
  parameter: TemplateParameter,
  value: ParameterValue,
): string | undefined {
  if (typeof value === 'string') {
    if (value.length > PARAMETER_LIMITS.maxStringLength) {
      return `must be at most ${PARAMETER_LIMITS.maxStringLength} characters`;
    }
    if (
      parameter.pattern !== undefined &&
      !matchesPattern(parameter.pattern, value)
    ) {
      return `must match the pattern ${parameter.pattern}`;
    }
  }
  if (typeof value === 'number') {
    if (parameter.minimum !== undefined && value < parameter.minimum) {
      return `must be at least ${parameter.minimum}`;
    }
    if (parameter.maximum !== undefined && value > parameter.maximum) {
      return `must be at most ${parameter.maximum}`;
    }
  }
  if (
    parameter.enum &&
    !parameter.enum.some(option => String(option) === String(value))
  ) {
    return `must be one of ${parameter.enum.join(', ')}`;
  }
  return undefined;
}
