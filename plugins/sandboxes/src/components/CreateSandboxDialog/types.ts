import { CreateSandboxRequest } from '@sandboxkit/backstage-plugin-sandboxes-common';

/** What the create form holds at a moment. */
export type CreateSandboxRequestDraft =
  | { valid: false; missingTemplate: true }
  /** The chosen template has problems (from GET /templates): nothing can be made from it. */
  | { valid: false; missingTemplate: false; unusable: true }
  | { valid: boolean; missingTemplate: false; request: CreateSandboxRequest };
