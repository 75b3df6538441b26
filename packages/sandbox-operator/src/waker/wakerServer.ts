import http from 'http';
import { closeServer, listen, portOf } from '../runtime/httpServer';
import { Waker } from './Waker';

/** The waker's HTTP listener: every request, any host and path, goes to the waker. */
export class WakerServer {
  readonly #server: http.Server;

  private constructor(server: http.Server) {
    this.#server = server;
  }

  static async start(options: {
    port: number;
    host?: string;
    waker: Waker;
    onError: (error: unknown) => void;
  }): Promise<WakerServer> {
    const server = http.createServer((req, res) => {
      options.waker.handle(req, res).catch(error => {
        options.onError(error);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    await listen(server, options.port, options.host);
    return new WakerServer(server);
  }

  get port(): number {
    return portOf(this.#server);
  }

  close(): Promise<void> {
    return closeServer(this.#server);
  }
}
