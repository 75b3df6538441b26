import { InputError } from '@backstage/errors';
import {
  CreateSandboxRequest,
  ParameterValue,
  resolveParameterValues,
  sandboxNameProblem,
  SandboxTemplateInfo,
} from '@sandboxkit/backstage-plugin-sandboxes-common';

/** What `sandbox:create` accepts, after the scaffolder's schema check. */
export interface SandboxCreateInput {
  template: string;
  name?: string;
  displayName?: string;
  parameters?: Record<string, string | number | boolean>;
  size?: string;
  ttlMinutes?: number;
  entityRef?: string;
}

/** A full entity ref, kind:namespace/name, as the backend requires. */
const FULL_ENTITY_REF = /^[^:/]+:[^:/]+\/[^:/]+$/;

/**
 * Checks the input against the template it names, the way the sandboxes
 * backend will, so a dry run can say what is wrong without creating
 * anything, and a real run fails before its first write. Every problem is
 * reported at once, each naming the field and the rule.
 *
 * @returns the create request, with parameter values converted to the types
 * the template declares (form fields often deliver numbers as text).
 */
export function checkCreateInput(
  rawInput: SandboxCreateInput,
  templates: SandboxTemplateInfo[],
): CreateSandboxRequest {
  const input = withoutEmptyStrings(rawInput);
  const template = templates.find(t => t.name === input.template);
  if (!template) {
    const available = templates.map(t => t.name).join(', ') || 'none';
    throw new InputError(
      `There is no sandbox template named "${input.template}". Available templates: ${available}.`,
    );
  }

  const problems: string[] = [];
  const nameProblem =
    input.name === undefined ? undefined : sandboxNameProblem(input.name);
  if (nameProblem) {
    problems.push(`name "${input.name}" ${nameProblem}`);
  }
  if (input.entityRef !== undefined && !FULL_ENTITY_REF.test(input.entityRef)) {
    problems.push(
      `entityRef "${input.entityRef}" must be a full entity ref like component:default/payments-api`,
    );
  }
  if (
    input.size !== undefined &&
    !template.sizes.some(s => s.name === input.size)
  ) {
    problems.push(
      `size "${input.size}" is not offered by template ${
        template.name
      }; choose one of ${template.sizes.map(s => s.name).join(', ')}`,
    );
  }
  if (input.ttlMinutes !== undefined) {
    if (!Number.isInteger(input.ttlMinutes) || input.ttlMinutes < 1) {
      problems.push(`ttlMinutes must be a whole number of minutes above 0`);
    } else if (input.ttlMinutes > template.ttl.maxMinutes) {
      problems.push(
        `ttlMinutes ${input.ttlMinutes} is longer than template ${template.name} allows (at most ${template.ttl.maxMinutes} minutes)`,
      );
    }
  }
  if (template.problems?.length) {
    problems.push(...template.problems);
  }
  const given = withoutEmptyValues(input.parameters ?? {});
  const { values, problems: parameterProblems } = resolveParameterValues(
    template.parameters,
    given,
  );
  // Only what was given, converted: the backend fills defaults itself.
  const parameters = Object.fromEntries(
    Object.entries(values).filter(([name]) => Object.hasOwn(given, name)),
  );
  problems.push(
    ...parameterProblems.map(p => `parameter "${p.parameter}" ${p.message}`),
  );

  if (problems.length > 0) {
    throw new InputError(
      `The sandbox input is not valid: ${problems.join('; ')}.`,
    );
  }

  return {
    template: template.name,
    cluster: template.cluster,
    name: input.name,
    displayName: input.displayName,
    parameters,
    size: input.size,
    ttlMinutes: input.ttlMinutes,
    entityRef: input.entityRef,
  };
}

/**
 * Form fields left empty arrive as "", which means "not given": the
 * template's default applies, or "is required" is reported.
 */
function withoutEmptyValues(
  values: Record<string, ParameterValue>,
): Record<string, ParameterValue> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== ''),
  );
}

/**
 * Template forms render fields the user left empty as "", which means "not
 * given" here rather than an empty name or size.
 */
function withoutEmptyStrings(input: SandboxCreateInput): SandboxCreateInput {
  const blankToUndefined = (value?: string) =>
    value === undefined || value.trim() === '' ? undefined : value;
  return {
    ...input,
    name: blankToUndefined(input.name),
    displayName: blankToUndefined(input.displayName),
    size: blankToUndefined(input.size),
    entityRef: blankToUndefined(input.entityRef),
  };
}
