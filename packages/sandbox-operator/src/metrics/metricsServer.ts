import { Registry } from 'prom-client';
import { HttpListener } from '../runtime/HttpListener';

/**
 * Serves /metrics, /healthz (the work loop makes progress) and /readyz (caches are
 * synced on the leader, or the instance is a standby ready to take over).
 */
export function startMetricsServer(options: {
  port: number;
  host?: string;
  registry: Registry;
  ready: () => boolean;
  /** False when the process should be restarted (work stopped moving). */
  healthy: () => boolean;
}): Promise<HttpListener> {
  return HttpListener.start({
    port: options.port,
    host: options.host,
    handler: (req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/metrics') {
        options.registry
          .metrics()
          .then(body => {
            res.writeHead(200, {
              'content-type': options.registry.contentType,
            });
            res.end(body);
          })
          .catch(error => {
            res.writeHead(500);
            res.end(String(error));
          });
      } else if (path === '/healthz') {
        const healthy = options.healthy();
        res.writeHead(healthy ? 200 : 503, { 'content-type': 'text/plain' });
        res.end(healthy ? 'ok' : 'work loop stalled');
      } else if (path === '/readyz') {
        const ready = options.ready();
        res.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' });
        res.end(ready ? 'ok' : 'caches not synced');
      } else {
        res.writeHead(404);
        res.end();
      }
    },
  });
}
