import { InputError } from '@backstage/errors';

/** URL path parts where a repository ends and a view of it begins. */
const VIEW_MARKERS = new Set(['-', 'tree', 'blob', 'src', 'commit', 'commits']);

/**
 * One spelling per repository, so a follow set with one URL form matches a
 * build reported with another: https://host/owner/name in lower case, from
 * https, http, ssh:// and scp-like (git@host:owner/name.git) forms, and from
 * a source-location URL that points into the repository (…/tree/main/).
 * Throws an InputError naming `field` when `value` is none of these.
 */
export function normalizeRepository(value: string, field: string): string {
  const scp = /^[\w.-]+@([\w.-]+):(?!\/)(.+)$/.exec(value.trim());
  let host: string;
  let path: string;
  if (scp) {
    [, host, path] = scp;
  } else {
    let url: URL;
    try {
      url = new URL(value.trim().replace(/^url:/, ''));
    } catch {
      throw new InputError(
        `${field}: must be a repository URL like https://github.com/acme/payments`,
      );
    }
    if (!['https:', 'http:', 'ssh:', 'git:'].includes(url.protocol)) {
      throw new InputError(
        `${field}: must be an https, ssh or git URL of a repository`,
      );
    }
    host = url.host;
    path = url.pathname;
  }
  const parts: string[] = [];
  for (const part of path.split('/').filter(Boolean)) {
    if (VIEW_MARKERS.has(part)) break;
    parts.push(part);
  }
  if (parts.length > 0) {
    parts[parts.length - 1] = parts[parts.length - 1].replace(/\.git$/, '');
  }
  if (parts.length < 2 || parts.some(p => p === '.' || p === '..')) {
    throw new InputError(
      `${field}: must name a repository as host/owner/name, e.g. https://github.com/acme/payments`,
    );
  }
  return `https://${host}/${parts.join('/')}`.toLowerCase();
}

/** A link to a commit on the usual hosts' web pages. */
export function commitUrl(repository: string, commit: string): string {
  const host = new URL(repository).host;
  if (host.includes('gitlab')) return `${repository}/-/commit/${commit}`;
  if (host.includes('bitbucket')) return `${repository}/commits/${commit}`;
  return `${repository}/commit/${commit}`;
}
