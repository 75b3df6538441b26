import { AuthService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EntityRepositoryLookup } from './BuildService';
import {
  PULL_REQUEST_TEMPLATE_ANNOTATION,
  PullRequestCatalog,
} from './PullRequestSandboxes';
import { normalizeRepository } from './repositories';

/** GitHub's slug annotation, for entities without a source location. */
const GITHUB_SLUG = 'github.com/project-slug';

/**
 * The repository of a catalog entity: its `backstage.io/source-location`
 * annotation, else its `github.com/project-slug`.
 */
export function catalogRepositoryLookup(
  catalog: CatalogService,
): EntityRepositoryLookup {
  return async (entityRef, credentials, field) => {
    // On the caller's behalf: an entity they may not read is answered
    // exactly as one that does not exist.
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new InputError(
        `${field}: no catalog entity '${entityRef}' that you can read`,
      );
    }
    const location = repositoryLocation(entity);
    if (!location) {
      throw new InputError(
        `${field}: ${stringifyEntityRef(
          entity,
        )} names no repository (no ${ANNOTATION_SOURCE_LOCATION} or ${GITHUB_SLUG} annotation)`,
      );
    }
    return normalizeRepository(location, field);
  };
}

/**
 * @backstage/catalog-client's CATALOG_FILTER_EXISTS ("the key exists"). It
 * is a registered symbol, so that every copy of that package agrees on it;
 * this plugin reaches the catalog through catalog-node's CatalogService,
 * which takes the same filters without re-exporting the constant.
 */
const CATALOG_FILTER_EXISTS = Symbol.for(
  'CATALOG_FILTER_EXISTS_0e15b590c0b343a2bae3e787e84c2111',
);

/** GitHub's login annotation on User entities (the GitHub org provider sets it). */
const GITHUB_LOGIN = 'github.com/user-login';

/** Where an entity's source is: its source location, else its GitHub slug. */
function repositoryLocation(entity: Entity): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  return (
    annotations[ANNOTATION_SOURCE_LOCATION] ??
    (annotations[GITHUB_SLUG] &&
      `https://github.com/${annotations[GITHUB_SLUG]}`)
  );
}

/**
 * Pull-request sandboxes' view of the catalog: the entity of a repository
 * that names a pull-request template, and users by their GitHub login.
 */
export function catalogPullRequestLookup(
  catalog: CatalogService,
  auth: AuthService,
): PullRequestCatalog {
  const credentials = () => auth.getOwnServiceCredentials();
  return {
    async entityFor(repository) {
      const { items } = await catalog.getEntities(
        {
          filter: {
            [`metadata.annotations.${PULL_REQUEST_TEMPLATE_ANNOTATION}`]:
              CATALOG_FILTER_EXISTS,
          },
        },
        { credentials: await credentials() },
      );
      const entity = items.find(e => {
        const location = repositoryLocation(e);
        try {
          return location && normalizeRepository(location, '') === repository;
        } catch {
          return false; // a location that is not a repository URL
        }
      });
      const owner = (entity?.spec as { owner?: unknown } | undefined)?.owner;
      if (!entity || typeof owner !== 'string') return undefined;
      return {
        entityRef: stringifyEntityRef(entity),
        owner: stringifyEntityRef(
          parseEntityRef(owner, {
            defaultKind: 'group',
            defaultNamespace: entity.metadata.namespace ?? 'default',
          }),
        ),
        template:
          entity.metadata.annotations![PULL_REQUEST_TEMPLATE_ANNOTATION],
      };
    },
    async userFor(login) {
      const { items } = await catalog.getEntities(
        {
          filter: {
            kind: 'User',
            [`metadata.annotations.${GITHUB_LOGIN}`]: login,
          },
        },
        { credentials: await credentials() },
      );
      return items[0] && stringifyEntityRef(items[0]);
    },
  };
}
