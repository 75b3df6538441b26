/**
 * The API group and version of the sandbox custom resources.
 *
 * @public
 */
export const SANDBOX_API_GROUP = 'sandboxkit.dev';
/** @public */
export const SANDBOX_API_VERSION = 'v1alpha1';
/** @public */
export const SANDBOX_API_GROUP_VERSION = `${SANDBOX_API_GROUP}/${SANDBOX_API_VERSION}`;

/** @public */
export const SANDBOX_KIND = 'Sandbox';
/** @public */
export const SANDBOX_PLURAL = 'sandboxes';
/** @public */
export const SANDBOX_TEMPLATE_KIND = 'SandboxTemplate';
/** @public */
export const SANDBOX_TEMPLATE_PLURAL = 'sandboxtemplates';

/**
 * Labels and annotations written by the operator and the backend. Label
 * values cannot hold entity refs (":" and "/" are not allowed), so the owner
 * label carries a sanitized form and the annotation the exact ref.
 *
 * @public
 */
export const SandboxLabels = {
  sandbox: `${SANDBOX_API_GROUP}/sandbox`,
  owner: `${SANDBOX_API_GROUP}/owner`,
  template: `${SANDBOX_API_GROUP}/template`,
  managedBy: 'app.kubernetes.io/managed-by',
  component: `${SANDBOX_API_GROUP}/component`,
  /** On a Sandbox made for a pull request ("true"): closing the pull request deletes it. */
  pullRequest: `${SANDBOX_API_GROUP}/pull-request`,
} as const;

/** @public */
export const SandboxAnnotations = {
  /** Exact owner entity ref on the namespace. */
  owner: `${SANDBOX_API_GROUP}/owner`,
  /** On a Deployment/StatefulSet: the replicas it had before suspend. */
  replicasBeforeSuspend: `${SANDBOX_API_GROUP}/replicas-before-suspend`,
  /** On a Sandbox: why it was suspended (set with spec.suspend). */
  suspendReason: `${SANDBOX_API_GROUP}/suspend-reason`,
  /** On a Sandbox: who suspended it (user ref or "autoscaler"). */
  suspendedBy: `${SANDBOX_API_GROUP}/suspended-by`,
} as const;

/**
 * Annotations on catalog entities that the sandboxes plugins read.
 *
 * @public
 */
export const SandboxEntityAnnotations = {
  /**
   * The SandboxTemplate a sandbox per pull request is made from; without it
   * the entity's repository gets no pull-request sandboxes.
   */
  pullRequestTemplate: `${SANDBOX_API_GROUP}/pull-request-template`,
} as const;

/** The finalizer the operator puts on every Sandbox. @public */
export const SANDBOX_FINALIZER = `${SANDBOX_API_GROUP}/namespace-cleanup`;

/** The field manager used by every server-side apply of the operator. @public */
export const OPERATOR_FIELD_MANAGER = 'sandbox-operator';
