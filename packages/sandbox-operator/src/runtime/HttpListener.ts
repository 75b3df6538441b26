import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * An HTTP server listening on a port: the operator's /metrics and waker
 * listeners, and the local default's ingress gateway.
 */
export class HttpListener {
  readonly #server: http.Server;

  private constructor(server: http.Server) {
    this.#server = server;
  }

  /** Listens on port (0: a free one) and resolves once listening. */
  static async start(options: {
    port: number;
    host?: string;
    handler: http.RequestListener;
  }): Promise<HttpListener> {
    const server = http.createServer(options.handler);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // No host: Node listens on :: with IPv4 mapped in, or on 0.0.0.0 where
      // the kernel has no IPv6, so one default fits IPv4, IPv6 and dual stacks.
      server.listen(options.port, options.host, () => resolve());
    });
    return new HttpListener(server);
  }

  /** The port it got. */
  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** Stops accepting and ends open connections, keep-alive ones included. */
  close(): Promise<void> {
    return new Promise(resolve => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }
}
