import { AuthService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_SOURCE_LOCATION,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EntityRepositoryLookup } from './BuildService';
import { normalizeRepository } from './repositories';

/** GitHub's slug annotation, for entities without a source location. */
const GITHUB_SLUG = 'github.com/project-slug';

/**
 * The repository of a catalog entity: its `backstage.io/source-location`
 * annotation, else its `github.com/project-slug`.
 */
export function catalogRepositoryLookup(
  catalog: CatalogService,
  auth: AuthService,
): EntityRepositoryLookup {
  return async (entityRef, field) => {
    const entity = await catalog.getEntityByRef(entityRef, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    if (!entity) {
      throw new InputError(`${field}: no catalog entity '${entityRef}'`);
    }
    const annotations = entity.metadata.annotations ?? {};
    const location =
      annotations[ANNOTATION_SOURCE_LOCATION] ??
      (annotations[GITHUB_SLUG] &&
        `https://github.com/${annotations[GITHUB_SLUG]}`);
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
