/**
 * Where a sandbox is found outside the API: its catalog Resource and its
 * portal page. Every plugin builds them here, so they cannot disagree.
 */

/**
 * The catalog namespace sandbox Resources are published in, unless
 * `sandboxes.catalogNamespace` says otherwise: a namespace of their own, so a
 * sandbox can never take the ref of a hand-written entity.
 *
 * @public
 */
export const DEFAULT_SANDBOX_CATALOG_NAMESPACE = 'sandboxes';

/** The ref of a sandbox's catalog Resource. @public */
export function sandboxEntityRef(
  name: string,
  namespace: string = DEFAULT_SANDBOX_CATALOG_NAMESPACE,
): string {
  return `resource:${namespace}/${name}`;
}

/** The path of a sandbox's page in the portal (the frontend plugin's route). @public */
export function sandboxPagePath(name: string): string {
  return `/sandboxes/${encodeURIComponent(name)}`;
}

/** The absolute URL of a sandbox's page, from the portal's `app.baseUrl`. @public */
export function sandboxPageUrl(appBaseUrl: string, name: string): string {
  return `${appBaseUrl.replace(/\/+$/, '')}${sandboxPagePath(name)}`;
}
