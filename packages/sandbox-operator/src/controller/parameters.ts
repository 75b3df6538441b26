import {
  checkParameterValue,
  formatParameterProblems,
  ParameterProblem,
  ParameterValue,
  resolveParameterValues,
  SandboxSpec,
  TemplateParameter,
  templateParameterProblems,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { TemplateError } from './TemplateError';

/**
 * The parameter values of a sandbox, by the shared rules of sandboxes-common
 * (the backend checked the same on create, so this refuses only sandboxes
 * made around it, e.g. with kubectl). A broken declaration is an
 * InvalidTemplate error for the template's owner; a bad or missing value an
 * error for the sandbox's.
 *
 * Secret parameters are not among the values: they never appear in
 * `spec.parameters` (where every reader of the Sandbox would see them), only
 * their names in `spec.secretParameters.keys`, which must be declared secret
 * and include every required one.
 */
export function resolveParameters(
  declared: TemplateParameter[],
  given: SandboxSpec['parameters'] = {},
  secretKeys: string[] = [],
): Record<string, ParameterValue> {
  const declarationProblems = templateParameterProblems(declared);
  if (declarationProblems.length > 0) {
    throw new TemplateError(
      'InvalidTemplate',
      `The template's parameters are not valid: ${formatParameterProblems(
        declarationProblems,
        'spec.parameters',
      )}.`,
    );
  }
  const secret = new Map(declared.filter(p => p.secret).map(p => [p.name, p]));
  const plainGiven = Object.fromEntries(
    Object.entries(given).filter(([name]) => !secret.has(name)),
  );
  const { values, problems } = resolveParameterValues(
    declared.filter(p => !p.secret),
    plainGiven,
  );
  for (const name of Object.keys(given).filter(n => secret.has(n))) {
    problems.push({
      parameter: name,
      message:
        'is secret: its value cannot be in spec.parameters, where every reader of the Sandbox sees it (the backend stages it in a Secret)',
    });
  }
  const unknownKeys = secretKeys.filter(key => !secret.has(key));
  for (const key of unknownKeys) {
    problems.push({
      parameter: key,
      message: `is named in spec.secretParameters.keys but is not a secret parameter of this template (secret: ${
        [...secret.keys()].join(', ') || 'none'
      })`,
    });
  }
  for (const parameter of secret.values()) {
    if (parameter.required && !secretKeys.includes(parameter.name)) {
      problems.push({ parameter: parameter.name, message: 'is required' });
    }
  }
  if (problems.length === 0) return values;
  throw parameterError(
    declared,
    problems,
    unknownKeys.length > 0 ? 'UnknownParameter' : undefined,
  );
}

/**
 * Checks the staged values of secret parameters against their declarations
 * (length, pattern). A problem names the parameter and the rule, never the
 * value.
 */
export function checkSecretParameterValues(
  declared: TemplateParameter[],
  values: Record<string, string>,
): void {
  const byName = new Map(declared.map(p => [p.name, p]));
  const problems: ParameterProblem[] = [];
  for (const [name, value] of Object.entries(values)) {
    const checked = checkParameterValue(byName.get(name)!, value);
    if ('problem' in checked) {
      problems.push({ parameter: name, message: checked.problem });
    }
  }
  if (problems.length > 0) throw parameterError(declared, problems);
}

function parameterError(
  declared: TemplateParameter[],
  problems: ParameterProblem[],
  knownReason?: string,
): TemplateError {
  const byName = new Map(declared.map(p => [p.name, p]));
  const described = problems.map(problem => {
    const parameter = byName.get(problem.parameter);
    const kind = parameter?.secret ? 'secret parameter' : 'parameter';
    const label = parameter?.title
      ? `"${parameter.title}" (${kind} ${problem.parameter})`
      : `${kind} ${problem.parameter}`;
    return `${label} ${problem.message}`;
  });
  let reason = 'InvalidParameter';
  if (problems.some(p => p.message === 'is required')) {
    reason = 'MissingParameter';
  }
  if (problems.some(p => !byName.has(p.parameter))) {
    reason = 'UnknownParameter';
  }
  return new TemplateError(
    knownReason ?? reason,
    `The sandbox's ${described.join('; ')}.`,
  );
}
