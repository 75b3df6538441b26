import {
  ActivityType,
  SandboxActivity,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { DatabaseActivityStore } from '../database/DatabaseActivityStore';
import { DatabaseSandboxStore } from '../database/DatabaseSandboxStore';

/**
 * The timeline of each sandbox: what happened, who or what did it, and why.
 *
 * @public
 */
export class ActivityService {
  readonly #activity: DatabaseActivityStore;
  readonly #sandboxes: DatabaseSandboxStore;

  constructor(options: {
    activity: DatabaseActivityStore;
    sandboxes: DatabaseSandboxStore;
  }) {
    this.#activity = options.activity;
    this.#sandboxes = options.sandboxes;
  }

  async record(entry: {
    sandbox: string;
    type: ActivityType;
    actor: string;
    message: string;
    details?: Record<string, unknown>;
  }): Promise<void> {
    const saved = await this.#activity.add(entry);
    await this.#sandboxes.setBookkeeping(entry.sandbox, {
      lastActivityAt: saved.at,
    });
  }

  async list(sandbox: string): Promise<SandboxActivity[]> {
    const entries = await this.#activity.list(sandbox);
    return entries.map(e => ({ ...e, at: e.at.toISOString() }));
  }
}
