import type { StatusCause } from '../errors/StatusError';
import type { KubeObject } from '../types';
import { applyDefaults, prune, Schema } from './pruneAndDefault';
import { validateSchema } from './validateSchema';

/** What a structural schema did to an object. */
export interface SchemaOutcome {
  /** Field-named validation failures (422 when non-empty). */
  causes: StatusCause[];
  /** Fields pruned because the schema does not declare them. */
  unknownFields: string[];
}

/**
 * Prunes, defaults and validates a custom object in place, in the order the
 * API server does: prune, default, prune what defaults cannot keep, validate.
 */
export function applySchema(
  object: KubeObject,
  schema: Schema | undefined,
): SchemaOutcome {
  const unknownFields: string[] = [];
  const causes: StatusCause[] = [];
  if (!schema) return { causes, unknownFields };
  prune(object, schema, '', unknownFields, true);
  applyDefaults(object, schema);
  prune(object, schema, '', [], true);
  validateSchema(object, { ...schema, type: 'object' }, '', causes);
  return { causes, unknownFields };
}
