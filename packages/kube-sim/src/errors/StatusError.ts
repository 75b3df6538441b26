/** A metav1.StatusCause. */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** The details of a metav1.Status. */
/** The cause the server gives for a missing required field. */
export function requiredValue(field: string): StatusCause {
  return { reason: 'FieldValueRequired', message: 'Required value', field };
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** A metav1.Status object, as the API server sends it on errors. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/**
 * An API error that the HTTP layer turns into a Status response with the
 * same code, reason and details a real API server would send.
 */
export class StatusError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details?: StatusDetails;
  readonly retryAfterSeconds?: number;

  constructor(
    code: number,
    reason: string,
    message: string,
    details?: StatusDetails,
  ) {
    super(message);
    this.name = 'StatusError';
    this.code = code;
    this.reason = reason;
    this.details = details;
    this.retryAfterSeconds = details?.retryAfterSeconds;
  }

  toStatus(): Status {
    const status: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      code: this.code,
    };
    // Errors that are not API statuses (a failed typed patch) carry no reason.
    if (this.reason) status.reason = this.reason;
    if (this.details) status.details = this.details;
    return status;
  }
}

/** Identifies a resource in error messages: plural and API group. */
export interface GroupResource {
  group: string;
  plural: string;
}

function qualified(gr: GroupResource): string {
  return gr.group ? `${gr.plural}.${gr.group}` : gr.plural;
}

export function notFound(gr: GroupResource, name: string): StatusError {
  return new StatusError(
    404,
    'NotFound',
    `${qualified(gr)} "${name}" not found`,
    { name, group: gr.group || undefined, kind: gr.plural },
  );
}

export function alreadyExists(gr: GroupResource, name: string): StatusError {
  return new StatusError(
    409,
    'AlreadyExists',
    `${qualified(gr)} "${name}" already exists`,
    { name, group: gr.group || undefined, kind: gr.plural },
  );
}

export function conflict(
  gr: GroupResource,
  name: string,
  why: string,
  causes?: StatusCause[],
): StatusError {
  return new StatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(gr)} "${name}": ${why}`,
    { name, group: gr.group || undefined, kind: gr.plural, causes },
  );
}

export const STALE_OBJECT_MESSAGE =
  'the object has been modified; please apply your changes to the latest version and try again';

/** A 422 Invalid error; `kind` is the object kind, as the real server names it. */
export function invalid(
  group: string,
  kind: string,
  name: string,
  causes: StatusCause[],
): StatusError {
  const summary = causes
    .map(c => (c.field ? `${c.field}: ${c.message}` : `${c.message}`))
    .join(', ');
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  return new StatusError(
    422,
    'Invalid',
    `${qualifiedKind} "${name}" is invalid: ${
      causes.length > 1 ? `[${summary}]` : summary
    }`,
    { name, group: group || undefined, kind, causes },
  );
}

export function forbidden(
  gr: GroupResource,
  name: string,
  why: string,
  causes?: StatusCause[],
): StatusError {
  return new StatusError(
    403,
    'Forbidden',
    `${qualified(gr)} "${name}" is forbidden: ${why}`,
    { name, group: gr.group || undefined, kind: gr.plural, causes },
  );
}

export function badRequest(message: string): StatusError {
  return new StatusError(400, 'BadRequest', message);
}

export function methodNotAllowed(message: string): StatusError {
  return new StatusError(405, 'MethodNotAllowed', message);
}

export function unsupportedMediaType(contentType: string): StatusError {
  return new StatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
    { causes: [{ reason: 'UnexpectedServerResponse', message: contentType }] },
  );
}

export function expired(message: string): StatusError {
  return new StatusError(410, 'Expired', message);
}

/** A 422 for a patch that cannot be applied (e.g. a failed JSON patch test). */
export function patchRejected(message: string): StatusError {
  return new StatusError(
    422,
    'Invalid',
    'the server rejected our request due to an error in our request',
    { causes: [{ reason: 'UnexpectedServerResponse', message }] },
  );
}

/** The pathless 404 the server sends for an unknown URL. */
export function pageNotFound(): StatusError {
  return new StatusError(
    404,
    'NotFound',
    'the server could not find the requested resource',
    {},
  );
}
