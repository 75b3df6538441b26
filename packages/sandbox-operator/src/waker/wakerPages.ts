/**
 * The pages the waker answers browsers with. Self-contained HTML (no
 * assets to fetch from a sandbox that is asleep), readable in light and
 * dark colour schemes.
 */

/** Path on every sandbox host that the waiting page polls; the app never sees it while asleep. */
export const WAKER_STATUS_PATH = '/.sandbox-waker/status';

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );

function layout(title: string, body: string, script = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; }
main { max-width: 36rem; padding: 2rem; line-height: 1.5; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
.muted { opacity: .75; }
progress { width: 100%; height: .75rem; }
a { color: #1f5493; }
@media (prefers-color-scheme: dark) { a { color: #9cc9ff; } }
</style></head>
<body><main>${body}</main>${
    script ? `<script>${script}</script>` : ''
  }</body></html>`;
}

/** The page shown while a sandbox wakes; it becomes the app by reloading once the sandbox is Ready. */
export function wakingPage(options: {
  displayName: string;
  name: string;
  expectedSeconds: number;
  portalLink: string;
}): string {
  const { displayName, name, expectedSeconds, portalLink } = options;
  const script = `
const started = Date.now();
const expected = ${JSON.stringify(expectedSeconds)};
const elapsed = document.getElementById('elapsed');
const bar = document.getElementById('progress');
function tick() {
  const s = Math.round((Date.now() - started) / 1000);
  elapsed.textContent = s + ' s';
  bar.value = Math.min(s / expected, 0.95);
}
async function poll() {
  try {
    const r = await fetch(${JSON.stringify(
      WAKER_STATUS_PATH,
    )}, { cache: 'no-store' });
    const body = r.headers.get('content-type')?.includes('application/json') ? await r.json() : undefined;
    // Anything but the waker's answer means the route is the app's again.
    if (!body || body.waker !== true || body.state === 'ready') return location.reload();
    if (body.state === 'refused' || body.state === 'gone') return location.reload();
  } catch (e) {}
  setTimeout(poll, 1000);
}
setInterval(tick, 500); tick(); setTimeout(poll, 1000);`;
  return layout(
    `Waking up ${displayName}…`,
    `<h1 id="waker-title">Waking up ${escapeHtml(displayName)}…</h1>
<p>The sandbox <strong>${escapeHtml(
      name,
    )}</strong> was asleep to save resources, and your visit is waking it up.
It usually takes about <strong id="expected">${expectedSeconds} seconds</strong>; this page turns into it by itself.</p>
<progress id="progress" max="1" value="0"></progress>
<p class="muted">Waiting for <span id="elapsed">0 s</span>. <a href="${escapeHtml(
      portalLink,
    )}">Its page in the portal</a></p>`,
    script,
  );
}

/** Why a sandbox cannot be woken, for people. */
export type CannotWakeReason =
  | { kind: 'expired'; name: string }
  | { kind: 'deleted'; name?: string }
  | { kind: 'refused'; name: string; message: string };

/** The page for a sandbox that cannot be woken: why, and where to go. */
export function cannotWakePage(
  reason: CannotWakeReason,
  portalLink: string,
): string {
  let title: string;
  let text: string;
  switch (reason.kind) {
    case 'expired':
      title = `The sandbox ${reason.name} has expired`;
      text = `Its lifetime ended and it was removed with everything in it. You can start a new one in the portal.`;
      break;
    case 'deleted':
      title = reason.name
        ? `The sandbox ${reason.name} was deleted`
        : 'No sandbox answers at this address';
      text = reason.name
        ? 'It was removed with everything in it. You can start a new one in the portal.'
        : 'It may have been deleted, or the address is mistyped.';
      break;
    default:
      title = `The sandbox ${reason.name} cannot be woken right now`;
      text = reason.message;
  }
  return layout(
    title,
    `<h1 id="waker-title">${escapeHtml(title)}</h1>
<p id="waker-reason">${escapeHtml(text)}</p>
<p><a id="portal-link" href="${escapeHtml(portalLink)}">${
      reason.kind === 'refused' || reason.name
        ? 'Open its page in the portal'
        : 'Open Sandboxes in the portal'
    }</a></p>`,
  );
}
