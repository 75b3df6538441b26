import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { SandboxAnnotations } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { SandboxService } from '../services/SandboxService';
import { DatabaseBuildStore } from './DatabaseBuildStore';

/** The annotation on a catalog entity naming the template of its pull-request sandboxes. */
export const PULL_REQUEST_TEMPLATE_ANNOTATION =
  'sandboxkit.dev/pull-request-template';

/** What pull-request sandboxes need from the catalog. */
export interface PullRequestCatalog {
  /**
   * The entity whose source location is this repository and that names a
   * pull-request template, with its owner as a full entity ref.
   */
  entityFor(
    repository: string,
  ): Promise<
    { entityRef: string; owner: string; template: string } | undefined
  >;
  /** The User entity of a login on the repository host, if the catalog knows one. */
  userFor(login: string): Promise<string | undefined>;
}

/** The annotation value that ties a sandbox to a pull request's head branch. */
export function pullRequestKey(repository: string, branch: string) {
  return `${repository}#${branch}`;
}

/**
 * A sandbox per pull request (off unless configured): a build of a branch
 * no sandbox follows creates one from the template the repository's catalog
 * entity names, owned by the commit's author when the catalog knows them
 * and otherwise by the entity's owner; the pull request's closing deletes it.
 */
export class PullRequestSandboxes {
  readonly #catalog: PullRequestCatalog;
  readonly #sandboxes: SandboxService;
  readonly #store: DatabaseBuildStore;
  readonly #logger: LoggerService;
  readonly #credentials: () => Promise<BackstageCredentials>;

  constructor(options: {
    catalog: PullRequestCatalog;
    /** The plugin's own: the entity is checked in the catalog as the plugin. */
    credentials: () => Promise<BackstageCredentials>;
    sandboxes: SandboxService;
    store: DatabaseBuildStore;
    logger: LoggerService;
  }) {
    this.#catalog = options.catalog;
    this.#sandboxes = options.sandboxes;
    this.#store = options.store;
    this.#logger = options.logger;
    this.#credentials = options.credentials;
  }

  /**
   * Creates the sandbox of a branch's pull request; undefined when no
   * catalog entity of the repository names a pull-request template.
   */
  async create(build: {
    repository: string;
    branch: string;
    author?: string;
    images: Record<string, string>;
  }): Promise<string | undefined> {
    const entity = await this.#catalog.entityFor(build.repository);
    if (!entity) return undefined;
    // Checked before the create, so a refused build leaves no sandbox behind.
    const components = await this.#sandboxes.templateComponents(
      entity.template,
    );
    for (const component of Object.keys(build.images)) {
      if (!components.includes(component)) {
        throw new InputError(
          `images.${component}: template '${
            entity.template
          }' has no component '${component}' (components: ${components.join(
            ', ',
          )})`,
        );
      }
    }
    const author = build.author && (await this.#catalog.userFor(build.author));
    const owner = author || entity.owner;
    const created = await this.#sandboxes.create(
      {
        template: entity.template,
        entityRef: entity.entityRef,
        displayName: `${build.branch} (pull request)`,
      },
      {
        actor: owner,
        groups: [],
        credentials: await this.#credentials(),
        annotations: {
          [SandboxAnnotations.pullRequest]: pullRequestKey(
            build.repository,
            build.branch,
          ),
        },
      },
    );
    this.#logger.info(
      `Created sandbox ${created.name} for the pull request of ${build.repository}#${build.branch}, owned by ${owner}`,
    );
    return created.name;
  }

  /** Deletes the sandboxes created for a closed pull request's head branch. */
  async close(
    repository: string,
    branch: string,
    actor: string,
  ): Promise<string[]> {
    const key = pullRequestKey(repository, branch);
    const deleted: string[] = [];
    const followers = await this.#store.followers(repository, branch);
    for (const name of new Set(followers.map(f => f.sandbox))) {
      const record = await this.#sandboxes.getRecord(name);
      const annotations = record.resource.metadata.annotations ?? {};
      // Sandboxes people made to follow the branch stay.
      if (annotations[SandboxAnnotations.pullRequest] !== key) continue;
      await this.#sandboxes.delete(name, { actor });
      deleted.push(name);
    }
    return deleted;
  }
}
