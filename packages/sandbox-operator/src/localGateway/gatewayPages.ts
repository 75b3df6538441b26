/** The local ingress gateway's own pages: the stand-in for an app, the request log. */

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"]/g,
    c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]!),
  );

/** One request, as the gateway's log keeps it. */
export interface LogEntry {
  time: string;
  method: string;
  host: string;
  path: string;
  status: number;
  to: string;
  ms: number;
}

/** kube-sim runs no containers: what an awake sandbox's route answers. */
export function standInPage(options: {
  host: string;
  service: string;
  port: number;
  namespace: string;
  ingress: string;
}): string {
  const { host, service, port, namespace, ingress } = options;
  return `<!doctype html><meta charset="utf-8"><title>${escapeHtml(
    host,
  )}</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;line-height:1.5}</style>
<h1 id="stand-in">${escapeHtml(host)} is up</h1>
<p>The local ingress gateway routed this request to Service <code>${escapeHtml(
    service,
  )}:${port}</code> in namespace <code>${escapeHtml(
    namespace,
  )}</code>, as the Ingress <code>${escapeHtml(ingress)}</code> says.</p>
<p>kube-sim runs no containers, so there is no app behind that Service: on a real cluster your app answers here.</p>`;
}

/** A namespace's recent requests, newest first (the sandbox's Logs link locally). */
export function requestLogPage(
  namespace: string,
  entries: LogEntry[],
  kept: number,
): string {
  const rows = [...entries]
    .reverse()
    .map(
      e =>
        `<tr><td>${e.time}</td><td>${e.method}</td><td>${escapeHtml(
          e.host + e.path,
        )}</td><td>${e.status}</td><td>${escapeHtml(e.to)}</td><td>${
          e.ms
        } ms</td></tr>`,
    )
    .join('');
  return `<!doctype html><meta charset="utf-8"><title>Requests to ${escapeHtml(
    namespace,
  )}</title><style>body{font-family:system-ui,sans-serif}td{padding:2px 8px}</style>
<h1>Requests to namespace ${escapeHtml(namespace)}</h1>
<p>The local ingress gateway's log (newest first, the last ${kept}); it is kept in memory until the local default stops.</p>
<table><tr><th>time</th><th>method</th><th>URL</th><th>status</th><th>answered by</th><th>took</th></tr>${
    rows || '<tr><td colspan="6">No requests yet.</td></tr>'
  }</table>`;
}
