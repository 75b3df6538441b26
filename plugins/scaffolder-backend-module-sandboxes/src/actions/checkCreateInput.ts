import { InputError } from '@backstage/errors';
import {
  CreateSandboxRequest,
  SandboxTemplateInfo,
  TemplateParameter,
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

type ParameterValue = string | number | boolean;

const NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** The backend's limit: the operator derives longer names from it. */
const MAX_NAME_LENGTH = 40;
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
  if (input.name !== undefined) {
    problems.push(...checkName(input.name));
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
  const parameters = checkParameters(
    input.parameters ?? {},
    template.parameters,
    problems,
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

function checkName(name: string): string[] {
  if (name.length > MAX_NAME_LENGTH) {
    return [`name must be at most ${MAX_NAME_LENGTH} characters`];
  }
  if (!NAME_PATTERN.test(name)) {
    return [
      `name "${name}" must consist of lower case letters, digits and "-", and start and end with a letter or digit`,
    ];
  }
  return [];
}

function checkParameters(
  values: Record<string, ParameterValue>,
  declared: TemplateParameter[],
  problems: string[],
): Record<string, ParameterValue> {
  const result: Record<string, ParameterValue> = {};
  for (const name of Object.keys(values)) {
    if (!declared.some(p => p.name === name)) {
      problems.push(
        `parameter "${name}" is not declared by the template; it declares ${
          declared.map(p => p.name).join(', ') || 'no parameters'
        }`,
      );
    }
  }
  for (const parameter of declared) {
    const raw = values[parameter.name];
    if (raw === undefined || raw === '') {
      if (parameter.required && parameter.default === undefined) {
        problems.push(`parameter "${parameter.name}" is required`);
      }
      continue;
    }
    const value = convert(raw, parameter.type);
    const problem =
      value === undefined
        ? `parameter "${parameter.name}" must be a ${parameter.type}`
        : checkValue(parameter, value);
    if (problem) {
      problems.push(problem);
    } else if (value !== undefined) {
      result[parameter.name] = value;
    }
  }
  return result;
}

function convert(
  value: ParameterValue,
  type: TemplateParameter['type'],
): ParameterValue | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? value : String(value);
    case 'number': {
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && value.trim() !== '') {
        const parsed = Number(value);
        return Number.isFinite(parsed) ? parsed : undefined;
      }
      return undefined;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true') return true;
      if (value === 'false') return false;
      return undefined;
    default:
      return undefined;
  }
}

function checkValue(
  parameter: TemplateParameter,
  value: ParameterValue,
): string | undefined {
  const label = `parameter "${parameter.name}"`;
  if (parameter.enum && !parameter.enum.some(option => option === value)) {
    return `${label} must be one of ${parameter.enum.join(', ')}`;
  }
  if (typeof value === 'string' && parameter.pattern) {
    if (!new RegExp(`^(?:${parameter.pattern})$`).test(value)) {
      return `${label} must match the pattern ${parameter.pattern}`;
    }
  }
  if (typeof value === 'number') {
    if (parameter.minimum !== undefined && value < parameter.minimum) {
      return `${label} must be at least ${parameter.minimum}`;
    }
    if (parameter.maximum !== undefined && value > parameter.maximum) {
      return `${label} must be at most ${parameter.maximum}`;
    }
  }
  return undefined;
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
