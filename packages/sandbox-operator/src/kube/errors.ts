import type { IncomingMessage } from 'http';

/** A Status error answered by the Kubernetes API. */
export class KubeApiError extends Error {
  readonly statusCode: number;
  readonly reason: string;
  readonly retryAfterSeconds?: number;

  constructor(
    statusCode: number,
    reason: string,
    message: string,
    retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'KubeApiError';
    this.statusCode = statusCode;
    this.reason = reason;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static fromResponse(res: IncomingMessage, body: string): KubeApiError {
    let reason = 'Unknown';
    let message = `${res.statusCode} ${res.statusMessage ?? ''}`.trim();
    try {
      const status = JSON.parse(body);
      reason = status.reason ?? reason;
      message = status.message ?? message;
    } catch {
      // not a Status body; keep the HTTP status line
    }
    const retryAfter = Number(res.headers['retry-after']);
    return new KubeApiError(
      res.statusCode ?? 0,
      reason,
      message,
      Number.isFinite(retryAfter) ? retryAfter : undefined,
    );
  }
}

const retryableNetworkCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ECONNABORTED',
]);

/**
 * The server refused the object itself: a 4xx other than 404 (not there
 * yet), 409 (a conflict that a fresh read resolves) and 429 (throttled),
 * or the 500 a server-side apply answers when the object does not fit the
 * schema ("failed to create typed patch object", kubernetes issues 122480
 * and 139253). Sending the same object again cannot help.
 */
export function isRefusal(error: unknown): error is KubeApiError {
  if (!(error instanceof KubeApiError)) return false;
  if (error.statusCode === 500) return isTypedPatchFailure(error);
  return (
    error.statusCode >= 400 &&
    error.statusCode < 500 &&
    error.statusCode !== 404 &&
    error.statusCode !== 409 &&
    error.statusCode !== 429
  );
}

function isTypedPatchFailure(error: KubeApiError): boolean {
  return error.message.includes('failed to create typed patch object');
}

/** 422 Invalid because a field that cannot change was changed. */
export function isImmutableFieldRefusal(error: unknown): boolean {
  return (
    error instanceof KubeApiError &&
    error.statusCode === 422 &&
    /field is immutable/i.test(error.message)
  );
}

/** Worth retrying: throttled, a server error, or the connection failed. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof KubeApiError) {
    if (isTypedPatchFailure(error)) return false;
    return (
      error.statusCode === 429 ||
      error.statusCode === 500 ||
      error.statusCode === 502 ||
      error.statusCode === 503 ||
      error.statusCode === 504
    );
  }
  const code = (error as { code?: string } | undefined)?.code;
  return code !== undefined && retryableNetworkCodes.has(code);
}

/** 404 Not Found. */
export function isNotFound(error: unknown): boolean {
  return error instanceof KubeApiError && error.statusCode === 404;
}

/** 409: AlreadyExists or Conflict. */
export function isConflict(error: unknown): boolean {
  return error instanceof KubeApiError && error.statusCode === 409;
}
