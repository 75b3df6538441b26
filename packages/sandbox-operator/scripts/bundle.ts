/**
 * Builds the operator as one CommonJS file for Node 22 with esbuild: no
 * TypeScript transform at start, no node_modules beside it. This is what a
 * container image of the operator runs (dist/sandbox-operator.cjs), and what
 * bench-operator.ts measures next to the transform.
 *
 *   yarn workspace @sandboxkit/sandbox-operator bundle
 */
import { buildSync } from 'esbuild';
import path from 'path';

/** Bundles `entry` and everything it imports into `outfile`. */
export function buildOperatorBundle(entry: string, outfile: string): void {
  buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const outfile = path.join(root, 'dist', 'sandbox-operator.cjs');
  buildOperatorBundle(path.join(root, 'src', 'main.ts'), outfile);
  process.stdout.write(`${path.relative(process.cwd(), outfile)}\n`);
}
