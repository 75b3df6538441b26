import { Knex } from 'knex';
import { toDate } from '../database/rows';
import { isNewerBuild } from './buildOrder';

/** A build as stored: the latest of its branch. */
export interface BranchBuild {
  repository: string;
  branch: string;
  commit: string;
  images: Record<string, string>;
  builtAt?: string;
  sequence?: number;
  reportedBy: string;
  receivedAt: Date;
}

interface BranchBuildRow {
  repository: string;
  branch: string;
  commit: string;
  images: string;
  built_at: Date | string | number | null;
  sequence: number | string | null;
  reported_by: string;
  received_at: Date | string | number;
}

/** A sandbox, or one of its components ('*' for all), following a branch. */
export interface Follower {
  sandbox: string;
  component: string;
}

/**
 * Which sandboxes follow a branch (rows written with the sandbox index, see
 * database/follows.ts) and the latest build of each branch.
 */
export class DatabaseBuildStore {
  readonly #db: Knex;

  constructor(db: Knex) {
    this.#db = db;
  }

  async followers(repository: string, branch: string): Promise<Follower[]> {
    return this.#db('sandbox_follows')
      .where({ repository, branch })
      .orderBy(['sandbox', 'component'])
      .select<Follower[]>('sandbox', 'component');
  }

  /** Whether any sandbox follows any branch of the repository. */
  async isFollowed(repository: string): Promise<boolean> {
    return !!(await this.#db('sandbox_follows').where({ repository }).first());
  }

  async latest(
    repository: string,
    branch: string,
  ): Promise<BranchBuild | undefined> {
    const row = await this.#db<BranchBuildRow>('sandbox_branch_builds')
      .where({ repository, branch })
      .first();
    return row && toBuild(row);
  }

  /**
   * Keeps `build` as its branch's latest unless a newer one is stored;
   * returns whether it was kept.
   */
  async recordIfNewer(build: BranchBuild): Promise<boolean> {
    return this.#db.transaction(async tx => {
      const key = { repository: build.repository, branch: build.branch };
      const query = tx<BranchBuildRow>('sandbox_branch_builds').where(key);
      if (!String(tx.client.config.client).includes('sqlite')) {
        query.forUpdate();
      }
      const row = await query.first();
      const current = row && toBuild(row);
      if (current && !isNewerBuild(build, current)) {
        return current.commit === build.commit;
      }
      const columns = {
        commit: build.commit,
        images: JSON.stringify(build.images),
        built_at: build.builtAt ? new Date(build.builtAt) : null,
        sequence: build.sequence ?? null,
        reported_by: build.reportedBy,
        received_at: build.receivedAt,
      };
      if (row) await tx('sandbox_branch_builds').where(key).update(columns);
      else await tx('sandbox_branch_builds').insert({ ...key, ...columns });
      return true;
    });
  }

  async forget(repository: string, branch: string): Promise<void> {
    await this.#db('sandbox_branch_builds')
      .where({ repository, branch })
      .delete();
  }
}

function toBuild(row: BranchBuildRow): BranchBuild {
  return {
    repository: row.repository,
    branch: row.branch,
    commit: row.commit,
    images: JSON.parse(row.images),
    builtAt:
      row.built_at === null ? undefined : toDate(row.built_at).toISOString(),
    sequence: row.sequence === null ? undefined : Number(row.sequence),
    reportedBy: row.reported_by,
    receivedAt: toDate(row.received_at),
  };
}
