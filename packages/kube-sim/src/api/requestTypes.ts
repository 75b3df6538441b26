import type { KubeObject } from '../types';

/** How strictly unknown fields are treated (the fieldValidation query parameter). */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Per-request options of a write. */
export interface WriteContext {
  fieldManager?: string;
  /** Used to derive the default field manager, as the server does. */
  userAgent?: string;
  dryRun?: boolean;
  fieldValidation?: FieldValidation;
  force?: boolean;
}

/** The outcome of a write. */
export interface WriteResult {
  object: KubeObject;
  /** 201 for creates, 200 otherwise. */
  code: 200 | 201;
  warnings: string[];
}

/** A DeleteOptions body (and its query parameter twins). */
export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

/** The outcome of a delete: the object, and whether it is gone already. */
export interface DeleteResult {
  object: KubeObject;
  removed: boolean;
}

/** List options. */
export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continueToken?: string;
}

/** A page of a list. */
export interface ListPage {
  items: KubeObject[];
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
}

/** The patch content types the server accepts. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';
