import { badRequest } from '../errors/StatusError';
import { inServedVersion, ResourceType } from '../registry/ResourceType';
import type { KubeObject } from '../types';
import { getPath } from '../util/json';

/** A parsed field selector. */
export type FieldSelector = (object: KubeObject) => boolean;

/**
 * Parses a field selector ("metadata.name=x,status.phase!=Running"). Only
 * the fields the resource supports are accepted; others are rejected with
 * 400 as the real server does.
 */
export function parseFieldSelector(
  text: string | undefined,
  rt: Pick<ResourceType, 'selectableFields' | 'fieldPaths' | 'conversion'>,
): FieldSelector | undefined {
  const supported = rt.selectableFields;
  const paths = rt.fieldPaths ?? {};
  if (!text || !text.trim()) return undefined;
  const requirements = text
    .split(',')
    .map(p => p.trim())
    .filter(Boolean)
    .map(part => {
      const match = /^([^=!]+)(==|=|!=)(.*)$/.exec(part);
      if (!match)
        throw badRequest(
          `invalid selector: '${text}'; can't understand '${part}'`,
        );
      const [, field, op, value] = match;
      if (
        field !== 'metadata.name' &&
        field !== 'metadata.namespace' &&
        !supported.includes(field)
      ) {
        throw badRequest(`field label not supported: ${field}`);
      }
      return { field, negate: op === '!=', value };
    });
  // Field labels name the served version's fields (regarding.name, not involvedObject.name).
  return stored => {
    const object = inServedVersion(rt, stored);
    return requirements.every(({ field, negate, value }) => {
      const actual = getPath(object, paths[field] ?? field);
      const actualText =
        actual === undefined || actual === null ? '' : String(actual);
      return negate ? actualText !== value : actualText === value;
    });
  };
}
