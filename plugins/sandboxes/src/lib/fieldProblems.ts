import { ResponseError } from '@backstage/errors';

/** The backend's 4xx message split by the field each part names. */
export interface FieldProblems {
  /** "images.api" → "is not a valid image reference…" */
  byField: Record<string, string>;
  /** Parts that name no field the form knows, shown above the buttons. */
  other: string[];
}

/**
 * Reads a refusal of the backend ("parameters.region: must be one of eu, us;
 * size: must be one of small, large") into messages per field, so each
 * appears under its input. Only 4xx answers are read this way; anything
 * else, and parts naming a field the form does not have, stay whole.
 */
export function fieldProblems(
  error: unknown,
  knownFields: ReadonlySet<string>,
): FieldProblems {
  const message =
    (ResponseError.is(error) && error.body?.error?.message) ||
    (error instanceof Error ? error.message : String(error));
  const clientError =
    ResponseError.is(error) &&
    error.statusCode >= 400 &&
    error.statusCode < 500;
  const result: FieldProblems = { byField: {}, other: [] };
  for (const part of clientError ? message.split('; ') : [message]) {
    const match = /^([\w.-]+): (.+)$/s.exec(part);
    if (clientError && match && knownFields.has(match[1])) {
      result.byField[match[1]] = match[2];
    } else {
      result.other.push(part);
    }
  }
  return result;
}
