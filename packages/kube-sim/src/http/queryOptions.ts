import type {
  DeleteOptions,
  FieldValidation,
  WriteContext,
} from '../api/requestTypes';
import { badRequest } from '../errors/StatusError';
import { isObject } from '../util/json';

/** The write options of a request's query string. */
export function writeContext(
  query: URLSearchParams,
  userAgent: string | undefined,
): WriteContext {
  const dryRun = query.getAll('dryRun');
  if (dryRun.some(v => v !== 'All'))
    throw badRequest(`unsupported dry run option: ${dryRun.join(',')}`);
  const fieldValidation = query.get('fieldValidation') ?? undefined;
  if (
    fieldValidation &&
    !['Strict', 'Warn', 'Ignore'].includes(fieldValidation)
  ) {
    throw badRequest(
      `fieldValidation must be one of "Ignore", "Warn", or "Strict", got ${fieldValidation}`,
    );
  }
  return {
    fieldManager: query.get('fieldManager') ?? undefined,
    userAgent,
    dryRun: dryRun.length > 0,
    fieldValidation: fieldValidation as FieldValidation | undefined,
    force: query.get('force') === 'true',
  };
}

/** DeleteOptions from the body and query string (the query wins, as on the server). */
export function deleteOptions(
  query: URLSearchParams,
  body: unknown,
): DeleteOptions {
  const options: DeleteOptions = isObject(body)
    ? { ...(body as DeleteOptions) }
    : {};
  const fromBody = isObject(body) ? body : {};
  if (fromBody.orphanDependents === true) options.propagationPolicy = 'Orphan';
  const policy = query.get('propagationPolicy');
  if (policy) {
    if (!['Background', 'Foreground', 'Orphan'].includes(policy)) {
      throw badRequest(`propagationPolicy: Unsupported value: "${policy}"`);
    }
    options.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  }
  if (query.get('orphanDependents') === 'true')
    options.propagationPolicy = 'Orphan';
  if (query.get('gracePeriodSeconds'))
    options.gracePeriodSeconds = Number(query.get('gracePeriodSeconds'));
  if (
    query.getAll('dryRun').includes('All') ||
    (Array.isArray(fromBody.dryRun) && fromBody.dryRun.includes('All'))
  ) {
    options.dryRun = true;
  }
  return options;
}

export function patchTypeOf(contentType: string | undefined) {
  const type = (contentType ?? '').split(';')[0].trim();
  switch (type) {
    case 'application/json-patch+json':
      return 'json' as const;
    case 'application/merge-patch+json':
      return 'merge' as const;
    case 'application/strategic-merge-patch+json':
      return 'strategic' as const;
    case 'application/apply-patch+yaml':
    case 'application/apply-patch+json':
      return 'apply' as const;
    default:
      return undefined;
  }
}
