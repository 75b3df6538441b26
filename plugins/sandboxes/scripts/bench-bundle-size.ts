/* eslint-disable no-console -- a script that prints its figures */
/*
 * Prints how many bytes the plugin adds to an app bundle: its own code,
 * minified and gzipped, split into what loads with the app and what loads
 * lazily (pages, dialogs). Libraries the app already ships (React, MUI,
 * Backstage packages, luxon) are left out; they are shared, not added.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs scripts/bench-bundle-size.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const packageDir = resolve(__dirname, '..');
const esbuild = resolve(packageDir, '../../node_modules/.bin/esbuild');
const SHARED_LIBRARIES = [
  '@backstage/*',
  '@material-ui/*',
  'react',
  'react/*',
  'react-dom',
  'react-router-dom',
  'react-use/*',
  'luxon',
  'yaml',
];

function measure(label: string, externals: string[]) {
  const outdir = mkdtempSync(join(tmpdir(), 'sandboxes-bundle-'));
  try {
    execFileSync(
      esbuild,
      [
        'src/alpha/index.ts',
        'src/index.ts',
        '--bundle',
        '--splitting',
        '--format=esm',
        '--minify',
        '--log-level=warning',
        '--jsx=automatic',
        '--loader:.json=json',
        `--outdir=${outdir}`,
        ...externals.map(e => `--external:${e}`),
      ],
      { cwd: packageDir, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const files = readdirSync(outdir, { recursive: true })
      .map(String)
      .filter(f => f.endsWith('.js'));
    let initial = 0;
    let lazy = 0;
    for (const file of files) {
      const gz = gzipSync(readFileSync(join(outdir, file))).length;
      // Entry files are what the app imports at start; chunks are the lazy
      // pages and shared code between them.
      if (/^(alpha\/)?index\.js$/.test(file)) initial += gz;
      else lazy += gz;
    }
    console.log(
      `${label}: ${((initial + lazy) / 1024).toFixed(1)} KiB gzipped in ${
        files.length
      } files (entry points ${(initial / 1024).toFixed(1)} KiB, lazy chunks ${(
        lazy / 1024
      ).toFixed(1)} KiB)`,
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

measure('plugin only', ['@sandboxkit/*', ...SHARED_LIBRARIES]);
measure('plugin + sandboxes-common (client, types)', SHARED_LIBRARIES);
