import type { ServerResponse } from 'node:http';
import type { ResourceType } from '../registry/ResourceType';
import type { KubeObject } from '../types';
import type { WatchHub } from '../watch/WatchHub';
import { renderObject, Representation } from './render';

/** Options of the watch endpoint. */
export interface WatchHandlerOptions {
  /** How often BOOKMARK events are sent to watches that allow them. */
  bookmarkIntervalMs: number;
}

/**
 * Serves a watch: headers are flushed at once, then one JSON event per line
 * until timeoutSeconds, a dropped connection, or fault injection ends it.
 */
export function handleWatch(
  res: ServerResponse,
  query: URLSearchParams,
  rt: ResourceType,
  namespace: string | undefined,
  representation: Representation,
  hub: WatchHub,
  options: WatchHandlerOptions,
): void {
  const allowBookmarks = query.get('allowWatchBookmarks') === 'true';
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();
  let open = true;
  let unregister: () => void = () => {};
  const timers: { timeout?: NodeJS.Timeout } = {};
  let bookmarkTimer: NodeJS.Timeout | undefined;
  const close = () => {
    if (!open) return;
    open = false;
    clearTimeout(timers.timeout);
    clearTimeout(bookmarkTimer);
    unregister();
  };
  const send = (type: string, object: unknown) => {
    if (!open) return;
    const rendered =
      type === 'ERROR' || type === 'BOOKMARK'
        ? object
        : renderObject(
            rt,
            object as KubeObject,
            representation,
            query.get('includeObject') ?? undefined,
          );
    res.write(`${JSON.stringify({ type, object: rendered })}\n`);
  };
  const sink = {
    send,
    end: () => {
      close();
      res.end();
    },
    destroy: () => {
      close();
      res.socket?.destroy();
    },
  };
  unregister = hub.open(
    {
      rt,
      namespace,
      labelSelector: query.get('labelSelector') ?? undefined,
      fieldSelector: query.get('fieldSelector') ?? undefined,
      resourceVersion: query.get('resourceVersion') ?? undefined,
      sendInitialEvents: query.get('sendInitialEvents') === 'true',
      allowBookmarks,
    },
    sink,
  );
  if (!open) return;
  res.on('close', close);
  const timeoutSeconds = Number(query.get('timeoutSeconds') ?? '');
  // Without timeoutSeconds the real server closes after 30-60 minutes.
  const timeoutMs =
    Number.isFinite(timeoutSeconds) && timeoutSeconds > 0
      ? timeoutSeconds * 1000
      : (1800 + Math.random() * 1800) * 1000;
  timers.timeout = setTimeout(() => {
    if (allowBookmarks) send('BOOKMARK', hub.bookmark(rt));
    sink.end();
  }, timeoutMs);

  if (allowBookmarks) {
    const tick = () => {
      send('BOOKMARK', hub.bookmark(rt));
      bookmarkTimer = setTimeout(tick, options.bookmarkIntervalMs);
    };
    bookmarkTimer = setTimeout(tick, options.bookmarkIntervalMs);
  }
}
