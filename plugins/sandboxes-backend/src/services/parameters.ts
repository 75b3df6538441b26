import { InputError } from '@backstage/errors';
import { SandboxTemplateSpec } from '@sandboxkit/backstage-plugin-sandboxes-common';

type Value = string | number | boolean;

/**
 * Checks parameters against the template's declarations and fills defaults.
 * Messages name the field and the rule, e.g.
 * "parameters.region: must be one of eu, us".
 */
export function resolveParameters(
  spec: SandboxTemplateSpec,
  given: Record<string, Value> = {},
): Record<string, Value> {
  const declared = spec.parameters ?? [];
  const known = new Set(declared.map(p => p.name));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) {
      throw new InputError(
        `parameters.${name}: is not a parameter of this template (known: ${
          [...known].join(', ') || 'none'
        })`,
      );
    }
  }
  const result: Record<string, Value> = {};
  for (const p of declared) {
    const field = `parameters.${p.name}`;
    const value = given[p.name] ?? p.default;
    if (value === undefined) {
      if (p.required) throw new InputError(`${field}: is required`);
      continue;
    }
    if (typeof value !== p.type) {
      throw new InputError(`${field}: must be a ${p.type}`);
    }
    if (p.enum && !p.enum.includes(value as string | number)) {
      throw new InputError(`${field}: must be one of ${p.enum.join(', ')}`);
    }
    if (
      typeof value === 'string' &&
      p.pattern &&
      !new RegExp(`^(?:${p.pattern})$`).test(value)
    ) {
      throw new InputError(`${field}: must match the pattern ${p.pattern}`);
    }
    if (typeof value === 'number') {
      if (p.minimum !== undefined && value < p.minimum) {
        throw new InputError(`${field}: must be at least ${p.minimum}`);
      }
      if (p.maximum !== undefined && value > p.maximum) {
        throw new InputError(`${field}: must be at most ${p.maximum}`);
      }
    }
    result[p.name] = value;
  }
  return result;
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
