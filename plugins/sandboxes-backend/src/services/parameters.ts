import { InputError } from '@backstage/errors';
import {
  formatParameterProblems,
  ParameterValue,
  resolveParameterValues,
  SandboxTemplateSpec,
} from '@sandboxkit/backstage-plugin-sandboxes-common';

/**
 * Checks parameters against the template's declarations (the shared rules of
 * sandboxes-common) and fills defaults. Every problem is in one InputError,
 * each naming the field and the rule: "parameters.region: must be one of eu, us".
 */
export function resolveParameters(
  spec: SandboxTemplateSpec,
  given: Record<string, ParameterValue> = {},
): Record<string, ParameterValue> {
  const { values, problems } = resolveParameterValues(
    spec.parameters ?? [],
    given,
  );
  if (problems.length > 0) {
    throw new InputError(formatParameterProblems(problems));
  }
  return values;
}

export function resolveSize(
  spec: SandboxTemplateSpec,
  size?: string,
): string | undefined {
  const names = spec.sizes.map(s => s.name);
  if (size === undefined) return spec.defaultSize ?? names[0];
  if (!names.includes(size)) {
    throw new InputError(`size: must be one of ${names.join(', ')}`);
  }
  return size;
}
