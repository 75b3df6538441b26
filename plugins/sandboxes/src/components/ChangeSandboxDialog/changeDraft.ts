import {
  FollowRequest,
  imageReferenceProblem,
  SandboxDetails,
  SandboxTemplateInfo,
  TemplateParameter,
  UpdateSandboxRequest,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import {
  initialParameterValues,
  ParameterFormValues,
  toParameterValues,
  validateParameters,
} from '../../lib/parameters';
import { StoredSecret } from '../TemplateFields';

type FollowedBranch = NonNullable<SandboxDetails['follow']>;

export type FollowSource = 'none' | 'repository' | 'entity';

/** A followed branch as typed: by repository URL or by catalog entity. */
export interface FollowDraft {
  source: FollowSource;
  repository: string;
  entityRef: string;
  branch: string;
}

/** The dialog's inputs, as typed. */
export interface ChangeDraft {
  displayName: string;
  size: string;
  /** Image per component; empty runs the template's image. */
  images: Record<string, string>;
  /** Values of the template's mutable parameters only. */
  parameters: ParameterFormValues;
  follow: FollowDraft;
  /** Per image component, a branch of its own ('none': the sandbox's). */
  componentFollow: Record<string, FollowDraft>;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet']);

/** The parameters a running sandbox may change. */
export function mutableParameters(
  template: SandboxTemplateInfo | undefined,
): TemplateParameter[] {
  return template?.parameters.filter(p => p.mutable) ?? [];
}

/**
 * The parameters the dialog shows: the mutable ones, and every secret one,
 * since its value cannot be read back and the form is the only place that
 * says whether it is set.
 */
export function shownParameters(
  template: SandboxTemplateInfo | undefined,
): TemplateParameter[] {
  return template?.parameters.filter(p => p.mutable || p.secret) ?? [];
}

/** Whether each secret parameter shown has a value, and whether it may change. */
export function storedSecrets(
  sandbox: SandboxDetails,
  template: SandboxTemplateInfo | undefined,
): Record<string, StoredSecret> {
  const set = new Set(sandbox.secretParameters);
  return Object.fromEntries(
    shownParameters(template)
      .filter(p => p.secret)
      .map(p => [p.name, { set: set.has(p.name), locked: !p.mutable }]),
  );
}

/** Components whose image can be set: the sandbox's workloads and any with an image already set. */
export function imageComponents(sandbox: SandboxDetails): string[] {
  const names = sandbox.components
    .filter(c => WORKLOAD_KINDS.has(c.kind))
    .map(c => c.name);
  return [...new Set([...names, ...Object.keys(sandbox.images ?? {})])];
}

/** The draft that changes nothing: the sandbox as it is. */
export function initialDraft(
  sandbox: SandboxDetails,
  template: SandboxTemplateInfo | undefined,
): ChangeDraft {
  return {
    displayName: sandbox.displayName,
    size: sandbox.size ?? template?.defaultSize ?? '',
    images: Object.fromEntries(
      imageComponents(sandbox).map(c => [c, sandbox.images?.[c] ?? '']),
    ),
    parameters: initialParameterValues(
      mutableParameters(template),
      sandbox.parameters,
    ),
    follow: followDraft(sandbox, sandbox.follow),
    componentFollow: Object.fromEntries(
      imageComponents(sandbox).map(c => [
        c,
        followDraft(sandbox, sandbox.componentFollow?.[c]),
      ]),
    ),
  };
}

function followDraft(
  sandbox: SandboxDetails,
  followed: FollowedBranch | undefined,
): FollowDraft {
  return {
    source: followed ? 'repository' : 'none',
    repository: followed?.repository ?? '',
    entityRef: sandbox.entityRef ?? '',
    branch: followed?.branch ?? '',
  };
}

/** The fields of a follow request the backend may name in a refusal. */
export function followFields(field: string): string[] {
  return [
    field,
    `${field}.repository`,
    `${field}.entityRef`,
    `${field}.branch`,
  ];
}

/**
 * What is wrong with the draft before it is sent, keyed by the field names
 * the backend uses in its messages ("parameters.logLevel", "images.api"),
 * with the create form's words for parameters.
 */
export function draftProblems(
  sandbox: SandboxDetails,
  draft: ChangeDraft,
  template: SandboxTemplateInfo | undefined,
): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!draft.displayName.trim()) {
    problems.displayName = 'Name is required';
  }
  // A secret that is set stays as it is when its field is left empty.
  const kept = new Set(sandbox.secretParameters);
  const parameterProblems = validateParameters(
    mutableParameters(template).map(p =>
      p.secret && kept.has(p.name) ? { ...p, required: false } : p,
    ),
    draft.parameters,
  );
  for (const [name, message] of Object.entries(parameterProblems)) {
    problems[`parameters.${name}`] = message;
  }
  for (const [component, image] of Object.entries(draft.images)) {
    const problem = image.trim() && imageReferenceProblem(image.trim());
    if (problem) problems[`images.${component}`] = problem;
  }
  Object.assign(problems, followProblems('follow', draft.follow));
  for (const [component, follow] of Object.entries(draft.componentFollow)) {
    Object.assign(
      problems,
      followProblems(`componentFollow.${component}`, follow),
    );
  }
  return problems;
}

function followProblems(
  field: string,
  follow: FollowDraft,
): Record<string, string> {
  const problems: Record<string, string> = {};
  if (follow.source !== 'none' && !follow.branch.trim()) {
    problems[`${field}.branch`] = 'Branch is required';
  }
  if (follow.source === 'repository' && !follow.repository.trim()) {
    problems[`${field}.repository`] = 'Repository is required';
  }
  if (follow.source === 'entity' && !follow.entityRef.trim()) {
    problems[`${field}.entityRef`] = 'Catalog entity is required';
  }
  return problems;
}

/** Only what differs from the sandbox as it is; empty when nothing does. */
export function changeRequest(
  sandbox: SandboxDetails,
  template: SandboxTemplateInfo | undefined,
  draft: ChangeDraft,
): UpdateSandboxRequest {
  const request: UpdateSandboxRequest = {};
  const displayName = draft.displayName.trim();
  if (displayName !== sandbox.displayName) request.displayName = displayName;
  if (draft.size && draft.size !== initialDraft(sandbox, template).size) {
    request.size = draft.size;
  }
  const images: Record<string, string | null> = {};
  for (const [component, typed] of Object.entries(draft.images)) {
    const image = typed.trim() || null;
    if (image !== (sandbox.images?.[component] ?? null)) {
      images[component] = image;
    }
  }
  if (Object.keys(images).length > 0) request.images = images;
  const mutable = mutableParameters(template);
  const values = toParameterValues(mutable, draft.parameters);
  // A secret's value is never read back (it is not in sandbox.parameters),
  // so only a typed one differs and is sent; an empty field sends nothing.
  const parameters = Object.fromEntries(
    Object.entries(values).filter(
      ([name, value]) => sandbox.parameters[name] !== value,
    ),
  );
  if (Object.keys(parameters).length > 0) request.parameters = parameters;
  if (followChanged(draft.follow, sandbox.follow)) {
    request.follow = followRequest(draft.follow);
  }
  const componentFollow: NonNullable<UpdateSandboxRequest['componentFollow']> =
    {};
  for (const [component, follow] of Object.entries(draft.componentFollow)) {
    if (followChanged(follow, sandbox.componentFollow?.[component])) {
      componentFollow[component] = followRequest(follow);
    }
  }
  if (Object.keys(componentFollow).length > 0) {
    request.componentFollow = componentFollow;
  }
  return request;
}

/** Whether the typed follow differs from the one the sandbox has. */
function followChanged(
  follow: FollowDraft,
  current: FollowedBranch | undefined,
): boolean {
  const wanted = followRequest(follow);
  if (!wanted || !current) return wanted !== (current ?? null);
  return (
    !('repository' in wanted) ||
    wanted.repository !== current.repository ||
    wanted.branch !== current.branch
  );
}

/** The request for a typed follow; null stops following. */
function followRequest(follow: FollowDraft): FollowRequest | null {
  const branch = follow.branch.trim();
  switch (follow.source) {
    case 'repository':
      return { repository: follow.repository.trim(), branch };
    case 'entity':
      return { entityRef: follow.entityRef.trim(), branch };
    default:
      return null;
  }
}
