import {
  ConflictError,
  ForwardedError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/** What a failed cluster call looked like, independent of the client. */
export interface KubeFailure {
  /** HTTP status, or undefined when no answer came (refused, reset, timeout). */
  status?: number;
  message: string;
  retryAfterMs?: number;
  causes?: Array<{ field?: string; message?: string }>;
}

/** The client-node error (ApiException, FetchError, our timeout) as a KubeFailure. */
export function describeFailure(error: unknown): KubeFailure {
  const e = error as {
    code?: unknown;
    body?: unknown;
    headers?: Record<string, string>;
    message?: string;
  };
  if (typeof e?.code === 'number' && e.code >= 100) {
    const body = parseBody(e.body);
    const retryAfter = headerValue(e.headers, 'retry-after');
    const seconds = retryAfter ? Number(retryAfter) : NaN;
    return {
      status: e.code,
      message: body?.message ?? e.message ?? `HTTP ${e.code}`,
      retryAfterMs: Number.isFinite(seconds) ? seconds * 1000 : undefined,
      causes: body?.details?.causes,
    };
  }
  return { message: e?.message ?? String(error) };
}

/** Safe calls are retried on throttling, server errors and no answer. */
export function isRetryable(failure: KubeFailure): boolean {
  return (
    failure.status === undefined ||
    failure.status === 429 ||
    failure.status >= 500
  );
}

/** Turns a final failure into the error the API answers with. */
export function toApiError(
  cluster: string,
  action: string,
  failure: KubeFailure,
  cause: unknown,
): Error {
  const status = failure.status;
  if (status === undefined || status === 429 || status >= 500) {
    const why =
      status === undefined
        ? failure.message
        : `HTTP ${status}: ${failure.message}`;
    return new ServiceUnavailableError(
      `Cluster '${cluster}' cannot be reached right now (${why}); could not ${action}. Nothing was changed; try again in a moment.`,
    );
  }
  if (status === 404) return new NotFoundError(failure.message);
  if (status === 409) return new ConflictError(failure.message);
  if (status === 422 || status === 400) {
    const causes = (failure.causes ?? [])
      .map(c => (c.field ? `${c.field}: ${c.message}` : c.message))
      .filter(Boolean)
      .join('; ');
    return new InputError(causes || failure.message);
  }
  return new ForwardedError(`Cluster '${cluster}' refused to ${action}`, cause);
}

function parseBody(
  body: unknown,
):
  | { message?: string; details?: { causes?: KubeFailure['causes'] } }
  | undefined {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body);
    } catch {
      return { message: body };
    }
  }
  return body && typeof body === 'object' ? (body as never) : undefined;
}

function headerValue(
  headers: Record<string, string> | undefined,
  name: string,
): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find(k => k.toLowerCase() === name);
  return key ? headers[key] : undefined;
}
