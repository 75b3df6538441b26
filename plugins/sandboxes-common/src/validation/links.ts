/**
 * True for a URL a page may put in a link: http(s), or a path on the portal
 * itself. Anything else (`javascript:`, `data:`, protocol-relative `//host`,
 * text that is no URL) could run script or leave unseen when clicked.
 *
 * @public
 */
export function isSafeLinkUrl(url: string): boolean {
  if (/^\/(?![/\\])/.test(url)) return true;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
