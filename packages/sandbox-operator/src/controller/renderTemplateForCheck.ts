import {
  checkParameterValue,
  ParameterValue,
  SandboxResource,
  SandboxTemplateResource,
  SECRET_PARAMETERS_SECRET_NAME,
  TemplateParameter,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { OperatorConfig } from '../config';
import { KubeObject } from '../kube/types';
import { buildDesiredState } from './desiredState';
import { FoundationNames } from './foundation';
import { TemplateError } from './TemplateError';

/** One object a template makes, where in the template it comes from, and for which sizes. */
export interface RenderedObject {
  object: KubeObject;
  /** The template field that produced it, e.g. `spec.resources[web]`. */
  source: string;
  sizes: string[];
}

/** Stands in for a Sandbox while a template is checked: no such Sandbox exists. */
const PLACEHOLDER_NAME = 'template-check';
const PLACEHOLDER_UID = '00000000-0000-0000-0000-000000000000';

/** Text tried for a required string parameter without default, until one passes its rules. */
const TEXT_CANDIDATES = ['example', 'a', '0', 'a-0', 'a@example.com'];

/**
 * A value for a required parameter that has no default, so that the
 * template renders as a sandbox would: the first enum value, the lowest
 * number in range, false, or text its pattern accepts. Undefined when no
 * candidate passes; the parameter is then rendered empty.
 */
function placeholderValue(
  parameter: TemplateParameter,
): ParameterValue | undefined {
  let candidates: unknown[];
  if (parameter.enum?.length) candidates = [parameter.enum[0]];
  else if (parameter.type === 'number')
    candidates = [parameter.minimum ?? Math.min(0, parameter.maximum ?? 0)];
  else if (parameter.type === 'boolean') candidates = [false];
  else candidates = TEXT_CANDIDATES;
  for (const candidate of candidates) {
    const checked = checkParameterValue(parameter, candidate);
    if ('value' in checked) return checked.value;
  }
  return undefined;
}

function sourceOf(object: KubeObject, resourceNames: Map<KubeObject, string>) {
  const resource = resourceNames.get(object);
  if (resource !== undefined) return `spec.resources[${resource}]`;
  const name = object.metadata.name;
  switch (object.kind) {
    case 'ResourceQuota':
      return 'spec.resourceQuota';
    case 'LimitRange':
      return 'spec.limitRange';
    case 'NetworkPolicy':
      return 'spec.networkPolicy';
    case 'ConfigMap':
      return name === FoundationNames.parameters
        ? 'spec.parameters'
        : 'the operator';
    case 'Secret':
      return name === SECRET_PARAMETERS_SECRET_NAME
        ? 'spec.parameters'
        : 'the operator';
    case 'Ingress':
      return `spec.endpoints[${name?.replace(/^endpoint-/, '')}]`;
    case 'Job':
      return 'spec.seed.jobSpec';
    default:
      return 'the operator';
  }
}

/**
 * Renders every object a sandbox of this template would get, once per size,
 * with default parameters, by the reconciler's own buildDesiredState, so
 * what is checked is exactly what would be applied. Objects equal across
 * sizes appear once. The namespace and the generated credentials are left
 * out: the template decides nothing in them (its Pod Security level is an
 * enumeration the CRD schema checks). A TemplateError says the template
 * cannot be rendered at all (its parameter declarations, by the shared
 * templateParameterProblems, among them).
 */
export function renderTemplateForCheck(
  template: SandboxTemplateResource,
  config: OperatorConfig,
): RenderedObject[] {
  const declared = template.spec.parameters ?? [];
  const parameters: Record<string, ParameterValue> = {};
  // Secret ones as the backend gives them: named on the Sandbox, their
  // values staged apart (here, made up like the others).
  const secretValues: Record<string, string> = {};
  const renderedEmpty = new Set<string>();
  for (const parameter of declared) {
    if (parameter.default !== undefined || !parameter.required) continue;
    const value = placeholderValue(parameter);
    if (value === undefined) renderedEmpty.add(parameter.name);
    else if (parameter.secret) secretValues[parameter.name] = String(value);
    else parameters[parameter.name] = value;
  }
  // A required text whose pattern none of the candidates fits is rendered
  // as an optional one without value: empty, its placeholders still known.
  const renderable: SandboxTemplateResource = renderedEmpty.size
    ? {
        ...template,
        spec: {
          ...template.spec,
          parameters: declared.map(p =>
            renderedEmpty.has(p.name) ? { ...p, required: false } : p,
          ),
        },
      }
    : template;

  const { sizes, defaultSize } = template.spec;
  if (defaultSize !== undefined && !sizes.some(s => s.name === defaultSize)) {
    throw new TemplateError(
      'UnknownSize',
      `spec.defaultSize: "${defaultSize}" is not one of the sizes (${sizes
        .map(s => s.name)
        .join(', ')}).`,
    );
  }
  const byContent = new Map<string, RenderedObject>();
  for (const size of sizes) {
    const sandbox: SandboxResource = {
      apiVersion: 'sandboxkit.dev/v1alpha1',
      kind: 'Sandbox',
      metadata: { name: PLACEHOLDER_NAME, uid: PLACEHOLDER_UID, generation: 1 },
      spec: {
        templateRef: { name: template.metadata.name! },
        owner: 'user:default/template-check',
        expiresAt: new Date(0).toISOString(),
        parameters,
        secretParameters: { keys: Object.keys(secretValues) },
        size: size.name,
      },
    };
    const desired = buildDesiredState(
      sandbox,
      renderable,
      config,
      () => 'x'.repeat(24),
      { values: secretValues, digestKey: PLACEHOLDER_UID },
    );
    const resourceNames = new Map(
      desired.resources.map(r => [r.object, r.name]),
    );
    const objects = [
      ...desired.foundation,
      ...(desired.secretParameters ? [desired.secretParameters.object] : []),
      ...desired.resources.map(r => r.object),
      ...desired.routing,
      ...(desired.seed ? [desired.seed.job] : []),
    ];
    for (const object of objects) {
      const key = JSON.stringify(object);
      const seen = byContent.get(key);
      if (seen) seen.sizes.push(size.name);
      else
        byContent.set(key, {
          object,
          source: sourceOf(object, resourceNames),
          sizes: [size.name],
        });
    }
  }
  return [...byContent.values()];
}
