import {
  ForwardedError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
  ServiceUnavailableError,
} from '@backstage/errors';

/**
 * A quota refusal (HTTP 429) with when a slot frees up in its message.
 *
 * @public
 */
export class QuotaExceededError extends Error {
  name = 'QuotaExceededError';
}

/**
 * Turns a failed call to the sandboxes backend into an error a template
 * user can act on. The backend's own message names the field and rule (or
 * the quota); this adds what to do next.
 *
 * @param doing - what the action was doing, e.g. `create sandbox "demo"`.
 * @param now - the current time, for "a slot frees up at".
 */
export function explainSandboxesError(
  error: unknown,
  doing: string,
  now: Date = new Date(),
): Error {
  if (!ResponseError.is(error)) {
    return new ForwardedError(`Could not ${doing}`, error);
  }
  const message = error.body?.error?.message || error.message;
  switch (error.statusCode) {
    case 400:
    case 422:
      return new InputError(`Could not ${doing}: ${message}`);
    case 401:
    case 403:
      return new NotAllowedError(`You are not allowed to ${doing}: ${message}`);
    case 404:
      return new NotFoundError(`Could not ${doing}: ${message}`);
    case 429:
      return new QuotaExceededError(
        `Could not ${doing}: ${message}. ${whenASlotFreesUp(
          error.response.headers.get('retry-after'),
          now,
        )}`,
      );
    case 503:
      return new ServiceUnavailableError(
        `Could not ${doing} now, the sandboxes backend cannot reach the cluster: ${message}. Try again in a few minutes.`,
      );
    default:
      return new ForwardedError(`Could not ${doing}`, error);
  }
}

function whenASlotFreesUp(retryAfter: string | null, now: Date): string {
  const freeAt = parseRetryAfter(retryAfter, now);
  const advice =
    'Delete or let expire one of your sandboxes to start a new one.';
  if (!freeAt) {
    return advice;
  }
  const minutes = Math.max(
    1,
    Math.ceil((freeAt.getTime() - now.getTime()) / 60_000),
  );
  return `A slot frees up in about ${minutes} minute${
    minutes === 1 ? '' : 's'
  } (at ${freeAt.toISOString()}), when your soonest sandbox expires. ${advice}`;
}

/** Retry-After is either delay seconds or an HTTP date (RFC 9110). */
function parseRetryAfter(value: string | null, now: Date): Date | undefined {
  if (!value) {
    return undefined;
  }
  if (/^\d+$/.test(value.trim())) {
    return new Date(now.getTime() + Number(value.trim()) * 1000);
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
