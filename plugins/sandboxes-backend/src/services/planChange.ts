import { InputError } from '@backstage/errors';
import {
  ComponentBuild,
  FollowedBranch,
  imageReferenceProblem,
  SandboxResource,
  SandboxTemplateSpec,
  splitSecretParameterValues,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { resolveParameters, resolveSize } from './parameters';

/** A change with follows already resolved to repository URLs. @public */
export interface SandboxChange {
  displayName?: string;
  size?: string;
  /** null: back to the template's image. */
  images?: Record<string, string | null>;
  parameters?: Record<string, string | number | boolean>;
  follow?: FollowedBranch | null;
  componentFollow?: Record<string, FollowedBranch | null>;
  /** The builds the new images come from (reported builds only). */
  builds?: Record<string, ComponentBuild>;
}

/** One changed field, for the activity log. @public */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** What to write: a JSON merge patch of the spec, and what it changes. */
export interface ChangePlan {
  specPatch: Record<string, unknown>;
  /** Never holds a secret parameter's value: those are in `secretValues`. */
  changes: FieldChange[];
  /** New values of secret parameters, for the staging Secret only. */
  secretValues: Record<string, string>;
}

/** What the activity log and the audit log show for a secret value. */
export const SECRET_VALUE_SHOWN = 'set';

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet']);

/** The components (Deployment/StatefulSet names) a template creates. */
export function templateComponents(spec: SandboxTemplateSpec): string[] {
  return spec.resources
    .filter(r => WORKLOAD_KINDS.has(String(r.template.kind)))
    .map(r => (r.template.metadata as { name?: unknown })?.name)
    .filter((name): name is string => typeof name === 'string');
}

/**
 * Checks a change against the sandbox's template, with the same rules and
 * messages as a create, and computes the patch. Pure; a change that sets
 * fields to what they are already yields no changes.
 */
export function planChange(
  current: SandboxResource,
  template: SandboxTemplateSpec,
  change: SandboxChange,
): ChangePlan {
  const spec = current.spec;
  const specPatch: Record<string, unknown> = {};
  const changes: FieldChange[] = [];
  let secretValues: Record<string, string> = {};
  const set = (field: string, from: unknown, to: unknown) => {
    if (JSON.stringify(from) === JSON.stringify(to)) return false;
    changes.push({ field, from: from ?? null, to: to ?? null });
    return true;
  };
  const components = new Set(templateComponents(template));
  const checkComponent = (field: string, component: string) => {
    if (!components.has(component)) {
      throw new InputError(
        `${field}: the template has no component '${component}' (components: ${
          [...components].join(', ') || 'none'
        })`,
      );
    }
  };

  if (change.displayName !== undefined) {
    if (set('displayName', spec.displayName, change.displayName)) {
      specPatch.displayName = change.displayName;
    }
  }
  if (change.size !== undefined) {
    const size = resolveSize(template, change.size);
    if (set('size', spec.size ?? resolveSize(template), size)) {
      specPatch.size = size;
    }
  }
  if (change.parameters) {
    const declared = new Map((template.parameters ?? []).map(p => [p.name, p]));
    for (const name of Object.keys(change.parameters)) {
      if (declared.has(name) && !declared.get(name)!.mutable) {
        throw new InputError(
          `parameters.${name}: cannot be changed on a running sandbox (the template does not mark it mutable)`,
        );
      }
    }
    // Unknown names and every value are checked exactly as on create; a
    // secret parameter already set counts as given (its value is not here).
    const setSecrets = new Set(spec.secretParameters?.keys ?? []);
    const rules = (template.parameters ?? []).map(p =>
      p.secret && setSecrets.has(p.name) ? { ...p, required: false } : p,
    );
    const merged = resolveParameters(
      { ...template, parameters: rules },
      { ...spec.parameters, ...change.parameters },
    );
    const { plain, secret } = splitSecretParameterValues(rules, merged);
    const patch: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(plain)) {
      if (set(`parameters.${name}`, spec.parameters?.[name], value)) {
        patch[name] = value;
      }
    }
    if (Object.keys(patch).length > 0) specPatch.parameters = patch;
    // A secret value cannot be read back to compare: a given one is a change.
    secretValues = Object.fromEntries(
      Object.entries(secret).filter(([name]) =>
        Object.hasOwn(change.parameters!, name),
      ),
    );
    const names = Object.keys(secretValues);
    if (names.length > 0) {
      for (const name of names) {
        changes.push({
          field: `parameters.${name}`,
          from: setSecrets.has(name) ? SECRET_VALUE_SHOWN : null,
          to: setSecrets.has(name) ? 'changed' : SECRET_VALUE_SHOWN,
        });
      }
      // The new revision makes a new generation, so the operator copies
      // the staging Secret again.
      specPatch.secretParameters = {
        keys: [...new Set([...setSecrets, ...names])].sort(),
        revision: (spec.secretParameters?.revision ?? 0) + 1,
      };
    }
  }
  if (change.images) {
    const patch: Record<string, string | null> = {};
    const builds: Record<string, ComponentBuild | null> = {};
    for (const [component, image] of Object.entries(change.images)) {
      const field = `images.${component}`;
      checkComponent(field, component);
      const problem = image === null ? undefined : imageReferenceProblem(image);
      if (problem) throw new InputError(`${field}: ${problem}`);
      const build = change.builds?.[component];
      const imageChanged = set(field, spec.images?.[component], image);
      if (imageChanged) patch[component] = image;
      // A rebuilt tag keeps its image but records the commit it now runs.
      if (
        build &&
        set(
          `builds.${component}`,
          spec.builds?.[component]?.commit,
          build.commit,
        )
      ) {
        builds[component] = build;
      } else if (!build && imageChanged && spec.builds?.[component]) {
        builds[component] = null;
      }
    }
    if (Object.keys(patch).length > 0) specPatch.images = patch;
    if (Object.keys(builds).length > 0) specPatch.builds = builds;
  }
  if (change.follow !== undefined) {
    if (set('follow', spec.follow, change.follow)) {
      specPatch.follow = change.follow;
    }
  }
  if (change.componentFollow) {
    const patch: Record<string, FollowedBranch | null> = {};
    for (const [component, follow] of Object.entries(change.componentFollow)) {
      const field = `componentFollow.${component}`;
      checkComponent(field, component);
      if (set(field, spec.componentFollow?.[component], follow)) {
        patch[component] = follow;
      }
    }
    if (Object.keys(patch).length > 0) specPatch.componentFollow = patch;
  }
  return { specPatch, changes, secretValues };
}

/** "size small → medium, images.api → ghcr.io/acme/api:2" */
export function describeChanges(changes: FieldChange[]): string {
  const show = (value: unknown) => {
    if (value === null) return 'none';
    if (typeof value === 'object') return Object.values(value!).join('@');
    return String(value);
  };
  return changes
    .map(c => `${c.field} ${show(c.from)} → ${show(c.to)}`)
    .join(', ');
}
