import {
  Condition,
  SandboxComponentStatus,
  SandboxPhase,
  TemplateParameter,
  TemplateSize,
} from '../crd/types';

/**
 * Shapes of the sandboxes backend REST API. The OpenAPI document in
 * sandboxes-backend describes the same; the typed client uses these.
 */

/** A sandbox as the API returns it. @public */
export interface Sandbox {
  /** The Sandbox resource name, unique across clusters. */
  name: string;
  displayName: string;
  cluster: string;
  template: string;
  owner: string;
  entityRef?: string;
  size?: string;
  parameters: Record<string, string | number | boolean>;
  phase: SandboxPhase;
  suspended: boolean;
  namespace?: string;
  url?: string;
  endpoints: Array<{ name: string; url: string }>;
  components: SandboxComponentStatus[];
  conditions: Condition[];
  createdAt: string;
  expiresAt: string;
  extensionsUsed: number;
  lastActivityAt?: string;
  /** Why it was suspended, when it is ("no requests for 30 minutes"). */
  suspendReason?: string;
  /** Pinned awake by its owner until this time. */
  keepAwakeUntil?: string;
  /** True when the cluster could not be reached and this is the last known state. */
  stale: boolean;
}

/** @public */
export interface SandboxLink {
  title: string;
  url: string;
  type: 'logs' | 'metrics' | 'traces' | 'exceptions' | 'other';
}

/** @public */
export interface ConnectCommand {
  title: string;
  command: string;
}

/** One sandbox with everything its page shows. @public */
export interface SandboxDetails extends Sandbox {
  links: SandboxLink[];
  connectCommands: ConnectCommand[];
  /** Lifetime limits for the extend control. */
  lifetime: {
    maxExpiresAt: string;
    extensionsLeft: number;
    maxExtensionMinutes: number;
  };
}

/** @public */
export const ACTIVITY_TYPES = [
  'created',
  'ready',
  'failed',
  'suspended',
  'resumed',
  'extended',
  'reseeded',
  'idle-warning',
  'expiry-warning',
  'expired',
  'deleted',
  'pinned',
] as const;

/** @public */
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** @public */
export interface SandboxActivity {
  id: string;
  sandbox: string;
  type: ActivityType;
  /** A user entity ref, or "autoscaler" / "operator" / "system". */
  actor: string;
  message: string;
  at: string;
  details?: Record<string, unknown>;
}

/** A template as the create form needs it. @public */
export interface SandboxTemplateInfo {
  name: string;
  cluster: string;
  displayName: string;
  description?: string;
  owner?: string;
  parameters: TemplateParameter[];
  sizes: TemplateSize[];
  defaultSize?: string;
  ttl: { defaultMinutes: number; maxMinutes: number };
  endpoints: Array<{ name: string; path?: string }>;
}

/** @public */
export interface ListSandboxesRequest {
  /** "me" for the caller, or an entity ref. */
  owner?: string;
  entityRef?: string;
  template?: string;
  phase?: SandboxPhase;
  cluster?: string;
  /** Free-text search over name, display name, owner and template. */
  q?: string;
  sort?: 'createdAt' | 'expiresAt' | 'name' | 'lastActivityAt';
  order?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
}

/** @public */
export interface ListSandboxesResponse {
  items: Sandbox[];
  totalCount: number;
  nextCursor?: string;
}

/** @public */
export interface CreateSandboxRequest {
  template: string;
  cluster?: string;
  name?: string;
  displayName?: string;
  parameters?: Record<string, string | number | boolean>;
  size?: string;
  ttlMinutes?: number;
  entityRef?: string;
}

/** @public */
export interface ExtendSandboxRequest {
  minutes: number;
}

/** @public */
export interface KeepAwakeRequest {
  /** RFC 3339 time; omit or null to unpin. */
  until?: string | null;
}
