import {
  formatParameterProblems,
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
 */
export function resolveParameters(
  declared: TemplateParameter[],
  given: SandboxSpec['parameters'] = {},
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
  const { values, problems } = resolveParameterValues(declared, given);
  if (problems.length === 0) return values;
  const byName = new Map(declared.map(p => [p.name, p]));
  const described = problems.map(problem => {
    const parameter = byName.get(problem.parameter);
    const label = parameter?.title
      ? `"${parameter.title}" (parameter ${problem.parameter})`
      : `parameter ${problem.parameter}`;
    return `${label} ${problem.message}`;
  });
  let reason = 'InvalidParameter';
  if (problems.some(p => p.message === 'is required')) {
    reason = 'MissingParameter';
  }
  if (problems.some(p => !byName.has(p.parameter))) {
    reason = 'UnknownParameter';
  }
  throw new TemplateError(reason, `The sandbox's ${described.join('; ')}.`);
}
