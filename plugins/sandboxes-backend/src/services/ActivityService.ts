import { NotFoundError } from '@backstage/errors';
import {
  ActivityType,
  SandboxActivity,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import {
  ActivityKey,
  DatabaseActivityStore,
} from '../database/DatabaseActivityStore';
import { DatabaseSandboxStore } from '../database/DatabaseSandboxStore';
import { ActivityIncarnation } from '../database/types';

/**
 * One sandbox that had a name, as the API shows it: the current one, or an
 * earlier one that was deleted (its timeline is kept for its owner).
 *
 * @public
 */
export interface SandboxIncarnation extends ActivityIncarnation {
  name: string;
  current: boolean;
}

/**
 * The timeline of each sandbox: what happened, who or what did it, and why.
 * Entries belong to a sandbox's uid, so a new sandbox with a deleted one's
 * name starts with an empty timeline and the old owner keeps theirs.
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

  /**
   * `sandbox`: the record it is about, or a name meaning the sandbox that now
   * has it (its uid is read from the index).
   */
  async record(entry: {
    sandbox: string | { name: string; uid?: string };
    type: ActivityType;
    actor: string;
    message: string;
    details?: Record<string, unknown>;
  }): Promise<void> {
    const { sandbox, ...rest } = entry;
    const name = typeof sandbox === 'string' ? sandbox : sandbox.name;
    const uid =
      typeof sandbox === 'string'
        ? (await this.#sandboxes.get(name))?.uid
        : sandbox.uid;
    const saved = await this.#activity.add({
      ...rest,
      sandbox: name,
      sandboxUid: uid,
    });
    await this.#sandboxes.setBookkeeping(name, { lastActivityAt: saved.at });
  }

  /**
   * Every sandbox that had this name and left a timeline, newest first; the
   * current one (from the index) is marked and has its owner from there.
   */
  async incarnations(name: string): Promise<SandboxIncarnation[]> {
    const [current, found] = await Promise.all([
      this.#sandboxes.get(name),
      this.#activity.incarnations(name),
    ]);
    const result = found.map(i => ({
      ...i,
      name,
      current: Boolean(current?.uid && i.uid === current.uid),
      owner: current?.uid && i.uid === current.uid ? current.owner : i.owner,
    }));
    if (current?.uid && !result.some(i => i.current)) {
      // Found in the cluster, nothing recorded yet.
      result.unshift({
        name,
        uid: current.uid,
        owner: current.owner,
        current: true,
        firstAt: current.createdAt,
        lastAt: current.createdAt,
      });
    }
    return result;
  }

  /**
   * The timeline to show for a name: the sandbox with `uid`, or without one
   * the current sandbox of that name, else the newest deleted one.
   * NotFoundError when there is none (or its owner is unknown, so no
   * permission could be checked).
   */
  async find(
    name: string,
    uid?: string,
  ): Promise<SandboxIncarnation & { owner: string }> {
    const all = await this.incarnations(name);
    const found = uid
      ? all.find(i => i.uid === uid)
      : all.find(i => i.current) ?? all[0];
    if (!found?.owner) throw new NotFoundError(`No sandbox named '${name}'`);
    return { ...found, owner: found.owner };
  }

  async list(incarnation: SandboxIncarnation): Promise<SandboxActivity[]> {
    const key: ActivityKey = incarnation.uid
      ? { uid: incarnation.uid }
      : { name: incarnation.name, uid: null };
    const entries = await this.#activity.list(key);
    return entries.map(({ sandboxUid: _uid, ...e }) => ({
      ...e,
      at: e.at.toISOString(),
    }));
  }
}
