import { HttpListener } from '../runtime/HttpListener';
import { Waker } from './Waker';

/** The waker's HTTP listener: every request, any host and path, goes to the waker. */
export function startWakerServer(options: {
  port: number;
  host?: string;
  waker: Waker;
  onError: (error: unknown) => void;
}): Promise<HttpListener> {
  return HttpListener.start({
    port: options.port,
    host: options.host,
    handler: (req, res) => {
      options.waker.handle(req, res).catch(error => {
        options.onError(error);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    },
  });
}
