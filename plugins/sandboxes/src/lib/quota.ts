import { ResponseError } from '@backstage/errors';

export interface QuotaRefusal {
  /** The backend's explanation ("You already have 3 sandboxes…"). */
  message: string;
  /** When a slot is expected to free up, if the backend said. */
  retryAt?: Date;
}

/**
 * Reads a quota refusal (HTTP 429) out of an error thrown by the API client.
 * `Retry-After` is either a number of seconds or an HTTP date.
 */
export function asQuotaRefusal(
  error: unknown,
  now: Date = new Date(),
): QuotaRefusal | undefined {
  if (!ResponseError.is(error) || error.statusCode !== 429) {
    return undefined;
  }
  const retryAfter = error.response.headers.get('Retry-After');
  let retryAt: Date | undefined;
  if (retryAfter && /^\d+$/.test(retryAfter.trim())) {
    retryAt = new Date(now.getTime() + Number(retryAfter) * 1000);
  } else if (retryAfter && !Number.isNaN(Date.parse(retryAfter))) {
    retryAt = new Date(Date.parse(retryAfter));
  }
  return { message: error.body?.error?.message ?? error.message, retryAt };
}
