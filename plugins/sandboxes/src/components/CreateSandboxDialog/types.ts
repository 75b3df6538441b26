import { CreateSandboxRequest } from '@sandboxkit/backstage-plugin-sandboxes-common';

/** What the create form holds at a moment. */
export type CreateSandboxRequestDraft =
  | { valid: false; missingTemplate: true }
  | { valid: boolean; missingTemplate: false; request: CreateSandboxRequest };
