import http from 'http';
import { AddressInfo } from 'net';

/** Listens on port (0: a free one) and resolves once listening. */
export async function listen(
  server: http.Server,
  port: number,
  host?: string,
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // No host: Node listens on :: with IPv4 mapped in, or on 0.0.0.0 where
    // the kernel has no IPv6, so one default fits IPv4, IPv6 and dual stacks.
    server.listen(port, host, () => resolve());
  });
}

/** The port a listening server got. */
export function portOf(server: http.Server): number {
  return (server.address() as AddressInfo).port;
}

/** Stops accepting and ends open connections, keep-alive ones included. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise(resolve => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
