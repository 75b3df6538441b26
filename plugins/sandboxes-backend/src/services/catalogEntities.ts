import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * Throws an InputError naming `field` unless `entityRef` names a catalog
 * entity the caller may read.
 *
 * @public
 */
export type EntityReadCheck = (
  entityRef: string,
  credentials: BackstageCredentials,
  field: string,
) => Promise<void>;

/**
 * Asks the catalog on the caller's behalf, so its permission rules decide: an
 * entity the caller may not read is answered exactly as one that does not
 * exist, and a sandbox cannot be attached to (and shown on the page of) an
 * entity its owner cannot see.
 */
export function catalogEntityReadCheck(
  catalog: CatalogService,
): EntityReadCheck {
  return async (entityRef, credentials, field) => {
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new InputError(
        `${field}: no catalog entity '${entityRef}' that you can read`,
      );
    }
  };
}
