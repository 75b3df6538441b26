/**
 * TypeScript shape of the Sandbox and SandboxTemplate custom resources
 * (sandboxkit.dev/v1alpha1). The CRD YAML in `crds/` is generated
 * from the schemas in `schemas.ts`; a test checks the two agree.
 */

/** Kubernetes ObjectMeta, the parts we use. @public */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    uid: string;
    controller?: boolean;
    blockOwnerDeletion?: boolean;
  }>;
}

/** metav1.Condition. @public */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime: string;
}

/** A parameter a template declares. @public */
export interface TemplateParameter {
  /** Identifier used in placeholders: `${{ parameters.<name> }}`. */
  name: string;
  type: 'string' | 'number' | 'boolean';
  title?: string;
  description?: string;
  required?: boolean;
  default?: string | number | boolean;
  enum?: Array<string | number>;
  /** Regular expression a string value must match in full. */
  pattern?: string;
  minimum?: number;
  maximum?: number;
  /** True: the value may be changed on a running sandbox. */
  mutable?: boolean;
  /**
   * True: the value is never shown or stored on the Sandbox. The operator
   * keeps it only in the sandbox namespace's Secret
   * `sandbox-parameters` (SECRET_PARAMETERS_SECRET_NAME), under the
   * parameter's name, where
   * workloads read it (`secretKeyRef`, `envFrom`); a placeholder cannot
   * insert it. A secret parameter is text, with no default and no enum.
   */
  secret?: boolean;
}

/** Resources of one component (workload) in one size. @public */
export interface ComponentSize {
  replicas: number;
  cpu?: string;
  memory?: string;
}

/** A size offered by a template, e.g. small / medium / large. @public */
export interface TemplateSize {
  name: string;
  description?: string;
  /** Keyed by component (workload name). */
  components: Record<string, ComponentSize>;
}

/** An endpoint exposed through an Ingress. @public */
export interface TemplateEndpoint {
  name: string;
  service: string;
  port: number;
  path?: string;
}

/** One object the template creates, in order. @public */
export interface TemplateResource {
  /** Unique within the template; referenced by `dependsOn`. */
  name: string;
  dependsOn?: string[];
  /** Wait until the object reports ready before applying dependants. */
  waitForReady?: boolean;
  /**
   * A Deployment or StatefulSet that keeps running while the sandbox sleeps
   * (a database that must keep its data in memory, say).
   */
  neverSleeps?: boolean;
  /** A Kubernetes object with placeholders in its string leaves. */
  template: Record<string, unknown>;
}

/** How the sandbox namespace is isolated. @public */
export type NetworkPolicyMode = 'isolated' | 'namespace' | 'open';

/** @public */
export interface SandboxTemplateSpec {
  displayName: string;
  description?: string;
  /** Backstage entity ref of the team that maintains the template. */
  owner?: string;
  parameters?: TemplateParameter[];
  sizes: TemplateSize[];
  defaultSize?: string;
  ttl: {
    defaultMinutes: number;
    maxMinutes: number;
  };
  resourceQuota?: { hard: Record<string, string> };
  limitRange?: {
    defaultRequest?: Record<string, string>;
    default?: Record<string, string>;
  };
  networkPolicy?: { mode: NetworkPolicyMode };
  /** Pod Security level of the namespace; stricter than the operator's only. */
  podSecurity?: { level: 'baseline' | 'restricted' };
  endpoints?: TemplateEndpoint[];
  /** A Job (its `spec`) run once after the resources are ready, and on reseed. */
  seed?: { jobSpec: Record<string, unknown>; waitForCompletion?: boolean };
  resources: TemplateResource[];
  autoscaling?: {
    /** Set false to opt the template out of idle scale-down. */
    enabled?: boolean;
    idleWindowMinutes?: number;
  };
  /** How the waker answers requests while the sandbox sleeps. */
  wake?: {
    /**
     * Clients that are not browsers: `reject` answers 503 with Retry-After
     * (the default); `hold` keeps the request until the sandbox is Ready (at
     * most holdSeconds), then passes it on.
     */
    nonBrowserRequests?: 'reject' | 'hold';
    holdSeconds?: number;
  };
  /** Per-template link templates, overriding app-config. */
  links?: Array<{ title: string; url: string; type?: string }>;
}

/**
 * What the operator found when it checked the template: the `Valid`
 * condition says whether its objects pass a server-side dry run with strict
 * field validation, and which object and field do not.
 *
 * @public
 */
export interface SandboxTemplateStatus {
  observedGeneration?: number;
  conditions?: Condition[];
}

/** @public */
export interface SandboxTemplateResource {
  apiVersion: string;
  kind: 'SandboxTemplate';
  metadata: ObjectMeta;
  spec: SandboxTemplateSpec;
  status?: SandboxTemplateStatus;
}

/** @public */
export const SANDBOX_PHASES = [
  'Pending',
  'Provisioning',
  'Ready',
  'Suspending',
  'Suspended',
  'Resuming',
  'Expired',
  'Failed',
  'Deleting',
] as const;

/** @public */
export type SandboxPhase = (typeof SANDBOX_PHASES)[number];

/** A repository and branch whose builds a sandbox, or one component, runs. @public */
export interface FollowedBranch {
  /** Repository URL, normalized: https://host/owner/name (no .git). */
  repository: string;
  branch: string;
}

/** The build a component's image came from. @public */
export interface ComponentBuild {
  repository: string;
  branch: string;
  commit: string;
  /** A link to the commit on its repository host. */
  commitUrl?: string;
  /** When CI made the build (RFC 3339); of two builds the later wins. */
  builtAt?: string;
  /** CI's build number; compared before builtAt when both builds carry one. */
  sequence?: number;
  /** When the sandbox moved to this build. */
  movedAt: string;
}

/** @public */
export interface SandboxSpec {
  templateRef: { name: string };
  /** Backstage entity ref of the owner, e.g. user:default/jane. */
  owner: string;
  /** Optional catalog entity this sandbox belongs to. */
  entityRef?: string;
  displayName?: string;
  parameters?: Record<string, string | number | boolean>;
  size?: string;
  /** True: every workload is scaled to zero. */
  suspend?: boolean;
  /** RFC 3339 time after which the sandbox is deleted. */
  expiresAt: string;
  /** Image per component (workload name), e.g. to follow a branch. */
  images?: Record<string, string>;
  /** Every component follows the builds of this branch. */
  follow?: FollowedBranch;
  /** Per component (workload name): a branch to follow instead of `follow`. */
  componentFollow?: Record<string, FollowedBranch>;
  /** Per component: the build its image in `images` came from. */
  builds?: Record<string, ComponentBuild>;
  /** Increment to run the seed Job again. */
  seedGeneration?: number;
  /** Names the secret parameters given; their values are not here. */
  secretParameters?: SecretParametersRef;
}

/**
 * Which secret parameters a sandbox was given. The values wait in the
 * staging Secret named by `secretParametersStagingName(uid)`,
 * in the namespace the operator is configured to read, owned by the Sandbox
 * so that the garbage collector deletes it with the sandbox.
 *
 * @public
 */
export interface SecretParametersRef {
  /** The parameter names that have a value. */
  keys: string[];
  /** Bumped when a value changes, so the change reaches the operator as a new generation. */
  revision?: number;
}

/** @public */
export interface SandboxComponentStatus {
  name: string;
  kind: string;
  desiredReplicas: number;
  readyReplicas: number;
}

/** @public */
export interface SandboxStatus {
  phase?: SandboxPhase;
  observedGeneration?: number;
  conditions?: Condition[];
  namespace?: string;
  /** URL of the first endpoint, for printer columns. */
  url?: string;
  endpoints?: Array<{ name: string; url: string }>;
  components?: SandboxComponentStatus[];
  seededGeneration?: number;
  /** When the phase last changed. */
  phaseTransitionTime?: string;
  /** When the sandbox last became Ready. */
  readyTime?: string;
  suspendedTime?: string;
  /** Seconds each of the last few wakes took (resume → Ready), newest last. */
  recentWakeSeconds?: number[];
}

/** @public */
export interface SandboxResource {
  apiVersion: string;
  kind: 'Sandbox';
  metadata: ObjectMeta;
  spec: SandboxSpec;
  status?: SandboxStatus;
}

/**
 * Condition types on a Sandbox.
 *
 * @public
 */
export const SandboxConditionTypes = {
  Ready: 'Ready',
  NamespaceReady: 'NamespaceReady',
  ResourcesApplied: 'ResourcesApplied',
  Seeded: 'Seeded',
  Suspended: 'Suspended',
  TemplateValid: 'TemplateValid',
} as const;

/**
 * Condition types on a SandboxTemplate.
 *
 * @public
 */
export const SandboxTemplateConditionTypes = {
  /** Its objects, rendered for every size, pass a server-side dry run. */
  Valid: 'Valid',
} as const;
