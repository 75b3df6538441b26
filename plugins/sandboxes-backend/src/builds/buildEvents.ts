import { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { EventParams, EventsService } from '@backstage/plugin-events-node';
import { ReportBuildRequest } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { BuildService } from './BuildService';

/**
 * Topics of the webhooks the events backend's GitHub module delivers (with
 * its event router, `github.<X-GitHub-Event>`) that carry a built image.
 */
export const BUILD_EVENT_TOPICS = ['github.registry_package', 'github.package'];

/** The topic of GitHub's pull request webhooks; `closed` (merged or not) ends a pull-request sandbox. */
export const PULL_REQUEST_TOPIC = 'github.pull_request';

/** The OCI label docker/metadata-action and most CI set to the commit. */
const REVISION_LABEL = 'org.opencontainers.image.revision';

interface PackageEvent {
  action?: string;
  registry_package?: GithubPackage;
  package?: GithubPackage;
  repository?: { html_url?: string };
  sender?: { login?: string };
}

interface PullRequestEvent {
  action?: string;
  pull_request?: {
    head?: { ref?: string; repo?: { html_url?: string } | null };
    base?: { repo?: { html_url?: string } };
  };
  repository?: { html_url?: string };
}

/**
 * A closed pull request (merged or not) as the repository and head branch
 * whose pull-request sandbox goes; undefined for other actions, and for a
 * head branch in a fork (its builds are not the base repository's).
 */
export function closedPullRequest(
  payload: unknown,
): { repository: string; branch: string } | undefined {
  const event = (payload ?? {}) as PullRequestEvent;
  const pr = event.pull_request;
  const repository = pr?.base?.repo?.html_url ?? event.repository?.html_url;
  const headRepository = pr?.head?.repo?.html_url;
  if (
    event.action !== 'closed' ||
    !pr?.head?.ref ||
    !repository ||
    (headRepository && headRepository !== repository)
  ) {
    return undefined;
  }
  return { repository, branch: pr.head.ref };
}

interface GithubPackage {
  name?: string;
  package_type?: string;
  package_version?: {
    package_url?: string;
    target_commitish?: string;
    created_at?: string;
    container_metadata?: {
      labels?: Record<string, unknown> | null;
      tag?: { name?: string };
    } | null;
  };
}

/**
 * A container package published on GitHub as a build report: the image is
 * the version's package URL, the component the package name, the branch its
 * target_commitish and the commit its org.opencontainers.image.revision
 * label. Undefined for anything else (other actions, other package types, a
 * version without a branch or a revision label).
 */
export function buildFromGithubPackageEvent(
  payload: unknown,
): ReportBuildRequest | undefined {
  const event = (payload ?? {}) as PackageEvent;
  const pkg = event.registry_package ?? event.package;
  const version = pkg?.package_version;
  const labels = version?.container_metadata?.labels ?? {};
  const commit = labels[REVISION_LABEL];
  if (
    event.action !== 'published' ||
    pkg?.package_type?.toLowerCase() !== 'container' ||
    !pkg.name ||
    !version?.package_url ||
    !version.target_commitish ||
    typeof commit !== 'string' ||
    !event.repository?.html_url
  ) {
    return undefined;
  }
  return {
    repository: event.repository.html_url,
    branch: version.target_commitish.replace(/^refs\/heads\//, ''),
    commit,
    images: { [pkg.name.split('/').pop()!]: version.package_url },
    ...(event.sender?.login ? { author: event.sender.login } : {}),
    ...(version.created_at ? { builtAt: version.created_at } : {}),
  };
}

/**
 * Moves following sandboxes on package webhooks, so a portal that already
 * receives GitHub webhooks needs no change to CI. The webhook's signature
 * was checked by the events backend; the report acts as "github".
 */
export async function subscribeToBuildEvents(options: {
  events: EventsService;
  builds: BuildService;
  logger: LoggerService;
}): Promise<void> {
  const { events, builds, logger } = options;
  const onPullRequest = async (payload: unknown) => {
    const closed = closedPullRequest(payload);
    if (!closed) return;
    try {
      const deleted = await builds.closePullRequest(
        closed.repository,
        closed.branch,
        { actor: 'github' },
      );
      if (deleted.length > 0) {
        logger.info(
          `Pull request of ${closed.repository}#${
            closed.branch
          } closed: deleted ${deleted.join(', ')}`,
        );
      }
    } catch (error) {
      logger.warn(
        `Pull request close of ${closed.repository}#${
          closed.branch
        } not applied: ${isError(error) ? error.message : error}`,
      );
    }
  };
  await events.subscribe({
    id: 'sandboxes-builds',
    topics: [...BUILD_EVENT_TOPICS, PULL_REQUEST_TOPIC],
    async onEvent(params: EventParams) {
      if (params.topic === PULL_REQUEST_TOPIC) {
        await onPullRequest(params.eventPayload);
        return;
      }
      const build = buildFromGithubPackageEvent(params.eventPayload);
      if (!build) return;
      try {
        const { updated } = await builds.report(build, {
          actor: 'github',
          checkUpdate: async () => {},
        });
        logger.info(
          `Build ${build.commit} of ${build.repository}#${build.branch} moved ${
            updated.join(', ') || 'no sandbox'
          }`,
        );
      } catch (error) {
        // Most packages belong to repositories no sandbox follows.
        logger.info(
          `Build event of ${build.repository} not applied: ${
            isError(error) ? error.message : error
          }`,
        );
      }
    },
  });
}
