import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { run } from './commands';

/** The release of create-app that belongs to this repository's Backstage (backstage.json). */
export const CREATE_APP = '@backstage/create-app@0.9.2';

/**
 * What the registry mirror on these machines needs (/work/shared/NOTES.md):
 * platform binaries missing from it and a broken patch release. The same
 * pins as this repository's root package.json.
 */
const MIRROR_PINS = {
  '@swc/core': '1.16.18',
  'unrs-resolver': '1.12.2',
  rollup: '4.67.4',
  '@yarnpkg/core': '4.9.1',
};

/** Runs the app's own vendored Yarn (create-app's yarnPath release). */
export function appYarn(
  appDir: string,
  args: string[],
  log: string,
  env: Record<string, string> = {},
) {
  return run(
    process.execPath,
    [join(appDir, '.yarn/releases/yarn-4.13.0.cjs'), ...args],
    {
      cwd: appDir,
      log,
      env: {
        // CI=true makes Yarn refuse any lockfile change; the project's own
        // packages are always new entries (see appLockfile.ts).
        YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
        YARN_ENABLE_HARDENED_MODE: 'false',
        ...env,
      },
    },
  );
}

/**
 * `npx @backstage/create-app@0.9.2 --path <dir> --skip-install`, named by
 * BACKSTAGE_APP_NAME (no prompt). create-app checks that a `yarn` command
 * exists; corepack cannot download one here, so a shim runs this
 * repository's vendored release for that check (the app uses its own).
 */
export async function createApp(options: {
  repoRoot: string;
  workDir: string;
  appDir: string;
  log: string;
}) {
  const { repoRoot, workDir, appDir, log } = options;
  rmSync(appDir, { recursive: true, force: true });
  const bin = join(workDir, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    join(bin, 'yarn'),
    `#!/bin/sh\nexec "${process.execPath}" "${join(
      repoRoot,
      '.yarn/releases/yarn-4.13.0.cjs',
    )}" "$@"\n`,
  );
  chmodSync(join(bin, 'yarn'), 0o755);
  await run('npx', ['--yes', CREATE_APP, '--path', appDir, '--skip-install'], {
    cwd: workDir,
    log,
    env: {
      BACKSTAGE_APP_NAME: 'sandboxes-proof',
      PATH: `${bin}:${process.env.PATH}`,
    },
  });
  if (!existsSync(join(appDir, 'packages/backend/src/index.ts'))) {
    throw new Error(`create-app made no backend in ${appDir}`);
  }
}

/**
 * Makes the new app installable here without changing what it is: the
 * mirror's resolutions pins, the committed yarn.lock, and the project's
 * scope served by the local registry in place of registry.npmjs.org
 * (allowed over http on loopback, and exempt from create-app's 3-day
 * minimal age gate because the tarballs were packed a minute ago).
 */
export function prepareForThisMachine(options: {
  appDir: string;
  registryUrl: string;
  lockfile?: string;
}) {
  const { appDir, registryUrl, lockfile } = options;
  const packageJsonPath = join(appDir, 'package.json');
  const packageJson = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
  packageJson.resolutions = { ...packageJson.resolutions, ...MIRROR_PINS };
  writeFileSync(packageJsonPath, `${JSON.stringify(packageJson, null, 2)}\n`);

  const rcPath = join(appDir, '.yarnrc.yml');
  const rc = parseDocument(readFileSync(rcPath, 'utf8'));
  rc.setIn(['npmScopes', 'sandboxkit', 'npmRegistryServer'], registryUrl);
  rc.set('unsafeHttpWhitelist', ['127.0.0.1']);
  const approved = (rc.get('npmPreapprovedPackages') as any)?.toJSON?.() ?? [];
  rc.set('npmPreapprovedPackages', [...approved, '@sandboxkit/*']);
  writeFileSync(rcPath, rc.toString());

  if (lockfile) writeFileSync(join(appDir, 'yarn.lock'), lockfile);
}
