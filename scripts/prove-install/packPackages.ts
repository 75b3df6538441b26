import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './commands';

/** The published packages, in dependency order for the builds. */
export const PUBLISHED = [
  'sandboxes-common',
  'sandboxes-node',
  'sandboxes-backend',
  'catalog-backend-module-sandboxes',
  'scaffolder-backend-module-sandboxes',
  'sandboxes',
];

/**
 * Builds each published package (`backstage-cli package build`, which reads
 * the declarations tsc emitted into dist-types/) and packs it with
 * `yarn pack`, whose prepack step rewrites exports to dist/ and the
 * `workspace:^` ranges to real versions, as `yarn npm publish` would.
 */
export async function packPackages(options: {
  repoRoot: string;
  outDir: string;
  log: string;
}): Promise<string[]> {
  const { repoRoot, outDir, log } = options;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const cli = join(repoRoot, 'node_modules/.bin/backstage-cli');
  for (const name of PUBLISHED) {
    await run(cli, ['package', 'build'], {
      cwd: join(repoRoot, 'plugins', name),
      log,
    });
  }
  const yarn = join(repoRoot, '.yarn/releases/yarn-4.13.0.cjs');
  await run(
    process.execPath,
    [
      yarn,
      'workspaces',
      'foreach',
      '--all',
      '--parallel',
      ...PUBLISHED.flatMap(name => [
        '--include',
        `@sandboxkit/backstage-plugin-${name}`,
      ]),
      'pack',
      '--out',
      join(outDir, '%s-%v.tgz'),
    ],
    { cwd: repoRoot, log },
  );
  const tarballs = readdirSync(outDir).filter(f => f.endsWith('.tgz'));
  if (tarballs.length !== PUBLISHED.length) {
    throw new Error(
      `yarn pack made ${tarballs.length} tarballs, expected ${PUBLISHED.length}`,
    );
  }
  return tarballs;
}
