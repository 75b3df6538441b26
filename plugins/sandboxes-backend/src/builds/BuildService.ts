import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  ComponentBuild,
  FollowedBranch,
  FollowRequest,
  imageReferenceProblem,
  ReportBuildRequest,
  ReportBuildResponse,
  SandboxDetails,
  UpdateSandboxRequest,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { WHOLE_SANDBOX } from '../database/follows';
import { SandboxChange } from '../services/planChange';
import { ActorContext, SandboxService } from '../services/SandboxService';
import { isNewerBuild } from './buildOrder';
import { BranchBuild, DatabaseBuildStore } from './DatabaseBuildStore';
import { mapWithLimit } from './mapWithLimit';
import { PullRequestSandboxes } from './PullRequestSandboxes';
import { commitUrl, normalizeRepository } from './repositories';

/**
 * Finds the repository a catalog entity's source location names, reading the
 * entity with the caller's credentials: following an entity must not reveal
 * the repository of one the caller may not read.
 */
export type EntityRepositoryLookup = (
  entityRef: string,
  credentials: BackstageCredentials,
  field: string,
) => Promise<string>;

/** Checks that the caller may update every one of these sandboxes (throws if not). */
export type UpdateCheck = (sandboxes: string[]) => Promise<void>;

/**
 * How many following sandboxes a build moves at once. Each move is a few
 * round trips (the index, the cluster, the activity log), mostly waiting:
 * moving several at once shortens a build with many followers, and a small
 * bound keeps one build from flooding the API server and the database pool.
 */
const FOLLOWERS_AT_ONCE = 8;

/**
 * How often one follower's move is planned again after the Sandbox changed
 * under it (another build, the operator writing status) before the build
 * gives up on it.
 */
const MOVE_ATTEMPTS = 5;

/**
 * Branches and builds: resolves what a sandbox follows, and moves every
 * sandbox following a branch to a build reported for it. Each sandbox is
 * changed through SandboxService.change, so a build is checked, rolled out
 * and recorded like any other change.
 */
export class BuildService {
  readonly #store: DatabaseBuildStore;
  readonly #sandboxes: SandboxService;
  readonly #entityRepository: EntityRepositoryLookup;
  readonly #pullRequests?: PullRequestSandboxes;

  constructor(options: {
    store: DatabaseBuildStore;
    sandboxes: SandboxService;
    entityRepository: EntityRepositoryLookup;
    /** A sandbox per pull request, when configured. */
    pullRequests?: PullRequestSandboxes;
  }) {
    this.#store = options.store;
    this.#sandboxes = options.sandboxes;
    this.#entityRepository = options.entityRepository;
    this.#pullRequests = options.pullRequests;
  }

  /**
   * PATCH /sandboxes/{name}: resolves followed branches to repository URLs
   * and moves newly followed components to their branch's latest build.
   */
  async change(
    name: string,
    request: UpdateSandboxRequest,
    ctx: ActorContext & { credentials: BackstageCredentials },
  ): Promise<SandboxDetails> {
    const change: SandboxChange = {
      displayName: request.displayName,
      size: request.size,
      images: request.images,
      parameters: request.parameters,
    };
    if (request.follow !== undefined) {
      change.follow =
        request.follow &&
        (await this.#resolve(request.follow, ctx.credentials, 'follow'));
    }
    if (request.componentFollow) {
      change.componentFollow = {};
      for (const [component, follow] of Object.entries(
        request.componentFollow,
      )) {
        change.componentFollow[component] =
          follow &&
          (await this.#resolve(
            follow,
            ctx.credentials,
            `componentFollow.${component}`,
          ));
      }
    }
    return this.#applyChange(name, change, ctx);
  }

  /** A change with resolved branches; newly followed ones bring their latest build. */
  async #applyChange(
    name: string,
    change: SandboxChange,
    ctx: ActorContext,
  ): Promise<SandboxDetails> {
    const latest = await this.#latestBuildImages(name, change);
    if (latest) {
      change.images = { ...latest.images, ...change.images };
      change.builds = latest.builds;
    }
    return this.#sandboxes.change(name, change, ctx);
  }

  /**
   * POST /builds: every sandbox (or component) following the branch moves
   * to the build's images. All checks come first: an unknown component, an
   * invalid image or a sandbox the caller may not update changes nothing.
   * Sandboxes are read and moved FOLLOWERS_AT_ONCE at a time, each by its
   * own change (its own activity entry); when a move fails, none starts
   * after it and the request fails, as a one-by-one loop would.
   */
  async report(
    input: ReportBuildRequest,
    ctx: ActorContext & { checkUpdate: UpdateCheck },
  ): Promise<ReportBuildResponse> {
    const repository = normalizeRepository(input.repository, 'repository');
    for (const [component, image] of Object.entries(input.images)) {
      const problem = imageReferenceProblem(image);
      if (problem) throw new InputError(`images.${component}: ${problem}`);
    }
    const followers = await this.#store.followers(repository, input.branch);
    if (followers.length === 0 && this.#pullRequests) {
      const created = await this.#pullRequests.create({
        repository,
        branch: input.branch,
        author: input.author,
        images: input.images,
      });
      if (created) {
        await this.#store.recordIfNewer(
          this.#branchBuild(repository, input, ctx),
        );
        // Following the branch moves it to the build just recorded.
        await this.#applyChange(
          created,
          { follow: { repository, branch: input.branch } },
          { actor: ctx.actor },
        );
        return { updated: [created], unchanged: [] };
      }
    }
    if (!(await this.#store.isFollowed(repository))) {
      throw new NotFoundError(
        `No sandbox follows a branch of ${repository}; set a sandbox's follow to this repository first`,
      );
    }
    const bySandbox = new Map<string, string[]>();
    for (const { sandbox, component } of followers) {
      bySandbox.set(sandbox, [...(bySandbox.get(sandbox) ?? []), component]);
    }
    await ctx.checkUpdate([...bySandbox.keys()]);

    const build = this.#branchBuild(repository, input, ctx);
    // Plan every sandbox before changing any, so a refusal changes nothing.
    const plans = await mapWithLimit(
      [...bySandbox],
      FOLLOWERS_AT_ONCE,
      async ([name, components]) => {
        const { resource } = await this.#sandboxes.getRecord(name);
        const moving = componentsFor(components, input.images, resource);
        const change = buildChange(build, moving, resource);
        if (change) await this.#sandboxes.checkChange(name, change);
        return { name, components, change };
      },
    );
    await this.#store.recordIfNewer(build);
    const moving = plans.filter(plan => plan.change);
    const moved = await mapWithLimit(moving, FOLLOWERS_AT_ONCE, plan =>
      this.#move(plan.name, plan.components, build, ctx),
    );
    const updated = moving.filter((_, i) => moved[i]).map(plan => plan.name);
    return {
      updated,
      unchanged: plans
        .map(plan => plan.name)
        .filter(name => !updated.includes(name)),
    };
  }

  /**
   * Moves one follower to the build unless it runs that build or a newer
   * one, planned from the Sandbox as its cluster has it (the index may lag).
   * The write holds only if the Sandbox is still at that version, so of two
   * builds racing for it the later one wins: on a conflict the move is
   * planned again. False when there was nothing to move.
   */
  async #move(
    name: string,
    components: string[],
    build: BranchBuild,
    ctx: ActorContext,
  ): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      const resource = await this.#sandboxes.getLive(name);
      const change = buildChange(
        build,
        componentsFor(components, build.images, resource),
        resource,
      );
      if (!change) return false;
      try {
        await this.#sandboxes.change(name, change, {
          ...ctx,
          activity: 'build-deployed',
          resourceVersion: resource.metadata.resourceVersion,
        });
        return true;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt === MOVE_ATTEMPTS) {
          throw error;
        }
      }
    }
  }

  /**
   * A closed or merged pull request: deletes the sandboxes created for its
   * head branch (none when pull-request sandboxes are off).
   */
  async closePullRequest(
    repository: string,
    branch: string,
    ctx: ActorContext,
  ): Promise<string[]> {
    if (!this.#pullRequests) return [];
    return this.#pullRequests.close(
      normalizeRepository(repository, 'repository'),
      branch,
      ctx.actor,
    );
  }

  #branchBuild(
    repository: string,
    input: ReportBuildRequest,
    ctx: ActorContext,
  ): BranchBuild {
    return {
      repository,
      branch: input.branch,
      commit: input.commit,
      images: input.images,
      builtAt: input.builtAt,
      sequence: input.sequence,
      reportedBy: ctx.actor,
      receivedAt: new Date(),
    };
  }

  async #resolve(
    follow: FollowRequest,
    credentials: BackstageCredentials,
    field: string,
  ): Promise<FollowedBranch> {
    const repository =
      'entityRef' in follow
        ? await this.#entityRepository(
            follow.entityRef,
            credentials,
            `${field}.entityRef`,
          )
        : normalizeRepository(follow.repository, `${field}.repository`);
    return { repository, branch: follow.branch };
  }

  /** The latest builds of branches a change starts following. */
  async #latestBuildImages(name: string, change: SandboxChange) {
    const targets: Array<[string, FollowedBranch]> = [];
    if (change.follow) targets.push([WHOLE_SANDBOX, change.follow]);
    for (const [component, follow] of Object.entries(
      change.componentFollow ?? {},
    )) {
      if (follow) targets.push([component, follow]);
    }
    if (targets.length === 0) return undefined;
    const record = await this.#sandboxes.getRecord(name);
    const images: Record<string, string> = {};
    const builds: Record<string, ComponentBuild> = {};
    for (const [component, follow] of targets) {
      const latest = await this.#store.latest(follow.repository, follow.branch);
      if (!latest) continue;
      const partial = buildChange(
        latest,
        component === WHOLE_SANDBOX
          ? Object.keys(latest.images)
          : [component].filter(c => c in latest.images),
        record.resource,
      );
      Object.assign(images, partial?.images);
      Object.assign(builds, partial?.builds);
    }
    return Object.keys(images).length > 0 ? { images, builds } : undefined;
  }
}

/**
 * The components of a build that a sandbox takes: those it follows the
 * branch with ('*' is every component of the build that no other branch
 * claims for itself).
 */
function componentsFor(
  followed: string[],
  images: Record<string, string>,
  resource: { spec: { componentFollow?: Record<string, unknown> } },
) {
  const all = Object.keys(images);
  const own = resource.spec.componentFollow ?? {};
  return followed.includes(WHOLE_SANDBOX)
    ? all.filter(c => !(c in own) || followed.includes(c))
    : all.filter(c => followed.includes(c));
}

/** The images and builds to write, or undefined when none is newer. */
function buildChange(
  build: BranchBuild,
  components: string[],
  resource: { spec: { builds?: Record<string, ComponentBuild> } },
):
  | { images: Record<string, string>; builds: Record<string, ComponentBuild> }
  | undefined {
  const images: Record<string, string> = {};
  const builds: Record<string, ComponentBuild> = {};
  const movedAt = new Date().toISOString();
  for (const component of components) {
    if (!isNewerBuild(build, resource.spec.builds?.[component])) continue;
    images[component] = build.images[component];
    builds[component] = {
      repository: build.repository,
      branch: build.branch,
      commit: build.commit,
      commitUrl: commitUrl(build.repository, build.commit),
      ...(build.builtAt ? { builtAt: build.builtAt } : {}),
      ...(build.sequence !== undefined ? { sequence: build.sequence } : {}),
      movedAt,
    };
  }
  return components.length > 0 && Object.keys(images).length > 0
    ? { images, builds }
    : undefined;
}
