import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * The packages' stand-in for the npm registry: serves the tarballs made by
 * `yarn pack` as an npm registry (packument + tarball) for one scope, so
 * the README's `yarn workspace … add @scope/name` runs unchanged, resolves
 * `^version` ranges and the packages' dependencies on each other exactly as
 * it would against registry.npmjs.org once they are published.
 */
export interface LocalRegistry {
  url: string;
  packageNames: string[];
  stop(): Promise<void>;
}

interface Packed {
  manifest: { name: string; version: string } & Record<string, unknown>;
  file: string;
  integrity: string;
  shasum: string;
}

function readPacked(dir: string, file: string): Packed {
  const path = join(dir, file);
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', path, 'package/package.json'], {
      encoding: 'utf8',
    }),
  );
  const bytes = readFileSync(path);
  return {
    manifest,
    file,
    integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
    shasum: createHash('sha1').update(bytes).digest('hex'),
  };
}

export async function startLocalRegistry(
  tarballDir: string,
  port: number,
): Promise<LocalRegistry> {
  const url = `http://127.0.0.1:${port}`;
  const packed = new Map<string, Packed>();
  for (const file of readdirSync(tarballDir).filter(f => f.endsWith('.tgz'))) {
    const entry = readPacked(tarballDir, file);
    packed.set(entry.manifest.name, entry);
  }
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', url).pathname);
    const tarball = path.match(/^\/-\/(.+\.tgz)$/);
    if (tarball) {
      const entry = [...packed.values()].find(p => p.file === tarball[1]);
      if (entry) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(readFileSync(join(tarballDir, entry.file)));
        return;
      }
    }
    const entry = packed.get(path.slice(1));
    if (!entry) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'Not found' }));
      return;
    }
    const { version } = entry.manifest;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        name: entry.manifest.name,
        'dist-tags': { latest: version },
        time: { [version]: new Date().toISOString() },
        versions: {
          [version]: {
            ...entry.manifest,
            dist: {
              tarball: `${url}/-/${encodeURIComponent(entry.file)}`,
              integrity: entry.integrity,
              shasum: entry.shasum,
            },
          },
        },
      }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    packageNames: [...packed.keys()].sort(),
    stop: () => new Promise(resolve => server.close(() => resolve())),
  };
}
