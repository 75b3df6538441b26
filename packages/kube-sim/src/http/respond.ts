import type { ServerResponse } from 'node:http';
import { StatusError } from '../errors/StatusError';

/** Writes a JSON response. */
export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

/** Writes an error as a metav1.Status, with Retry-After when the error carries one. */
export function sendError(res: ServerResponse, error: unknown): void {
  const statusError =
    error instanceof StatusError
      ? error
      : new StatusError(
          500,
          'InternalError',
          `Internal error occurred: ${
            (error as Error)?.message ?? String(error)
          }`,
        );
  const headers: Record<string, string> = {};
  if (statusError.retryAfterSeconds !== undefined) {
    headers['Retry-After'] = String(statusError.retryAfterSeconds);
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, statusError.code, statusError.toStatus(), headers);
}

/** Adds Warning headers the way the API server sends them. */
export function warningHeaders(warnings: string[]): Record<string, string> {
  if (warnings.length === 0) return {};
  return {
    Warning: warnings.map(w => `299 - ${JSON.stringify(w)}`).join(', '),
  };
}
