import { InputError } from '@backstage/errors';
import {
  imageReferenceProblem,
  ParameterValue,
  resolveParameterValues,
  SandboxDetails,
  SandboxTemplateInfo,
  UpdateSandboxRequest,
} from '@sandboxkit/backstage-plugin-sandboxes-common';

/** What `sandbox:update` accepts, after the scaffolder's schema check. */
export interface SandboxUpdateInput {
  name: string;
  displayName?: string;
  size?: string;
  parameters?: Record<string, ParameterValue>;
  /** Image per component; "" goes back to the template's image. */
  images?: Record<string, string>;
  follow?: { repository?: string; entityRef?: string; branch: string };
  /** Stops following a branch. */
  unfollow?: boolean;
}

/**
 * Checks a change against the sandbox and its template the way the
 * sandboxes backend will (the shared rules of sandboxes-common), so a dry
 * run says what is wrong without changing anything and a real run fails
 * before its write. Every problem is reported at once, each naming the
 * field and the rule.
 *
 * @returns the PATCH request, with parameter values converted to the types
 * the template declares (form fields often deliver numbers as text).
 */
export function checkUpdateInput(
  input: SandboxUpdateInput,
  sandbox: SandboxDetails,
  template: SandboxTemplateInfo | undefined,
): UpdateSandboxRequest {
  const problems: string[] = [];
  const request: UpdateSandboxRequest = {};
  if (input.displayName?.trim()) request.displayName = input.displayName;

  const size = input.size?.trim();
  if (size) {
    const offered = template?.sizes.map(s => s.name) ?? [];
    if (!offered.includes(size)) {
      problems.push(
        `size "${size}" is not offered by template ${
          sandbox.template
        }; choose one of ${offered.join(', ')}`,
      );
    }
    request.size = size;
  }

  const given = Object.fromEntries(
    Object.entries(input.parameters ?? {}).filter(([, v]) => v !== ''),
  );
  if (Object.keys(given).length > 0) {
    const declared = template?.parameters ?? [];
    for (const name of Object.keys(given)) {
      const parameter = declared.find(p => p.name === name);
      if (parameter && !parameter.mutable) {
        problems.push(
          `parameter "${name}" cannot be changed on a running sandbox (the template does not mark it mutable)`,
        );
      }
    }
    // Unknown names and every value are checked exactly as on create; a
    // secret parameter that is set counts as given (its value is not shown).
    const setSecrets = new Set(sandbox.secretParameters);
    const { values, problems: parameterProblems } = resolveParameterValues(
      declared.map(p =>
        p.secret && setSecrets.has(p.name) ? { ...p, required: false } : p,
      ),
      { ...sandbox.parameters, ...given },
    );
    problems.push(
      ...parameterProblems.map(p => `parameter "${p.parameter}" ${p.message}`),
    );
    request.parameters = Object.fromEntries(
      Object.entries(values).filter(([name]) => Object.hasOwn(given, name)),
    );
  }

  if (input.images && Object.keys(input.images).length > 0) {
    const components = new Set(sandbox.components.map(c => c.name));
    request.images = {};
    for (const [component, raw] of Object.entries(input.images)) {
      const image = raw.trim();
      if (!components.has(component)) {
        problems.push(
          `images: sandbox ${
            sandbox.name
          } has no component "${component}" (components: ${
            [...components].join(', ') || 'none'
          })`,
        );
      }
      const problem = image && imageReferenceProblem(image);
      if (problem) problems.push(`image of "${component}" ${problem}`);
      request.images[component] = image || null;
    }
  }

  if (input.follow && input.unfollow) {
    problems.push('follow and unfollow cannot both be given');
  } else if (input.unfollow) {
    request.follow = null;
  } else if (input.follow) {
    const { repository, entityRef, branch } = input.follow;
    if (Boolean(repository) === Boolean(entityRef)) {
      problems.push('follow needs either a repository or an entityRef');
    } else if (!branch.trim()) {
      problems.push('follow.branch is required');
    } else {
      request.follow = repository
        ? { repository, branch }
        : { entityRef: entityRef!, branch };
    }
  }

  if (problems.length > 0) {
    throw new InputError(
      `The sandbox change is not valid: ${problems.join('; ')}.`,
    );
  }
  return request;
}
