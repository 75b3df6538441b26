import { SandboxesService } from '@sandboxkit/backstage-plugin-sandboxes-node';

/** What the sandbox actions need. @public */
export interface SandboxActionsOptions {
  sandboxes: SandboxesService;
  /** The portal's base URL (`app.baseUrl`), for links to sandbox pages. */
  appBaseUrl: string;
  /** How often to ask for the phase while waiting. Default 2 seconds. */
  pollIntervalMs?: number;
}

export const DEFAULT_POLL_INTERVAL_MS = 2000;
export const DEFAULT_TIMEOUT_SECONDS = 600;
export const MAX_TIMEOUT_SECONDS = 3600;
