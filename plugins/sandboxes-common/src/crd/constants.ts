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
} as const;

/** @public */
export const SandboxAnnotations = {
  /** Exact owner entity ref on the namespace. */
  owner: `${SANDBOX_API_GROUP}/owner`,
  /** On a Deployment/StatefulSet: the replicas it had before suspend. */
  replicasBeforeSuspend: `${SANDBOX_API_GROUP}/replicas-before-suspend`,
  /** On a Sandbox: why it was suspended (set with spec.suspend). */
  suspendReason: `${SANDBOX_API_GROUP}/suspend-reason`,
  /**
   * On a Sandbox created for a pull request: `<repository>#<branch>` of its
   * head branch; closing the pull request deletes it.
   */
  pullRequest: `${SANDBOX_API_GROUP}/pull-request`,
  /** On a Sandbox: who suspended it (user ref or "autoscaler"). */
  suspendedBy: `${SANDBOX_API_GROUP}/suspended-by`,
  /**
   * On a Sandbox: a request reached it while asleep ({@link WakeRequest} as
   * JSON). Written by the operator's waker; the backend resumes the sandbox
   * and removes it in the same write, or replaces it with `wakeRefused`.
   */
  wakeRequest: `${SANDBOX_API_GROUP}/wake-request`,
  /** On a Sandbox: the last wake request the backend carried out ({@link WakeRequest}). */
  wokenByRequest: `${SANDBOX_API_GROUP}/woken-by-request`,
  /** On a Sandbox: why the last wake request was refused ({@link WakeRefusal}). */
  wakeRefused: `${SANDBOX_API_GROUP}/wake-refused`,
} as const;

/**
 * A request that reached a sleeping sandbox: when and for which host.
 *
 * @public
 */
export interface WakeRequest {
  /** RFC 3339 time of the first request. */
  at: string;
  host: string;
}

/**
 * Why a wake request was not carried out, for the waker's page.
 *
 * @public
 */
export interface WakeRefusal {
  /** The wake request's time. */
  at: string;
  reason: 'OverQuota' | 'KeptAsleep';
  /** For people: shown on the waiting page. */
  message: string;
}

/**
 * Reads a wake annotation's JSON; undefined when absent or malformed.
 *
 * @public
 */
export function parseWakeAnnotation<T extends { at: string }>(
  value: string | undefined,
): T | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(value);
    return parsed && typeof parsed.at === 'string' ? (parsed as T) : undefined;
  } catch {
    return undefined;
  }
}

/** The finalizer the operator puts on every Sandbox. @public */
export const SANDBOX_FINALIZER = `${SANDBOX_API_GROUP}/namespace-cleanup`;

/** The field manager used by every server-side apply of the operator. @public */
export const OPERATOR_FIELD_MANAGER = 'sandbox-operator';

/**
 * The Secret the operator keeps in each sandbox namespace with the values of
 * the sandbox's secret parameters, one key per parameter name.
 *
 * @public
 */
export const SECRET_PARAMETERS_SECRET_NAME = 'sandbox-parameters';

/**
 * The namespace where the backend stages secret parameter values for the
 * operator, unless both are configured otherwise: the operator's own.
 *
 * @public
 */
export const DEFAULT_SECRET_PARAMETERS_NAMESPACE = 'sandbox-operator-system';

/**
 * The name of the staging Secret holding a sandbox's secret parameter
 * values. It carries the sandbox's uid, not its name, so a new sandbox with
 * a deleted one's name never meets the old values while the garbage
 * collector is still removing them.
 *
 * @public
 */
export function secretParametersStagingName(sandboxUid: string): string {
  return `sandbox-parameters-${sandboxUid}`;
}
