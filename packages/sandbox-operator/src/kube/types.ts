import type { ObjectMeta } from '@sandboxkit/backstage-plugin-sandboxes-common';

/** Any Kubernetes object, as read from or written to the API. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** What every object has; typed resources such as SandboxResource satisfy it. */
export interface KubeObjectLike {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
}

/** A condition in the status of a built-in kind (Pod, Deployment, Job…). */
export interface StatusCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** A list response. */
export interface KubeList<T> {
  items?: T[];
  metadata?: { resourceVersion?: string; continue?: string };
}

/** One event of a watch stream. */
export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}
