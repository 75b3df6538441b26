/**
 * The proof that a platform team can install the plugins into its own
 * portal (issue 17): a brand-new app from @backstage/create-app 0.9.2,
 * this repository's packages from `yarn pack` tarballs, exactly the README's
 * "Install into your portal" steps, a build, and the app's backend against
 * kube-sim with the operator: a sandbox created, listed and deleted through
 * the app's API and shown on its Sandboxes page in Chromium.
 *
 *   bash scripts/prove-install.sh [--results FILE] [--refresh-lock]
 *
 * Prints "ok: …" / "FAILED: …" per step and the total time; --results gets
 * {passed, failed}. --refresh-lock installs without the committed
 * scripts/prove-install/yarn.lock and saves the new one (after a Backstage
 * upgrade or a new third-party dependency of the packages).
 */
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PortalApi } from '../../test/e2e/portalApi';
import {
  driftFrom,
  saveLockfile,
  seedFromRepository,
  withoutOwnPackages,
} from './appLockfile';
import {
  applyAnnotationStep,
  applyBackendSteps,
  applyConfigStep,
  checkFrontendDiscovery,
} from './applyReadmeSteps';
import { showsSandboxesPage } from './browserCheck';
import { LocalRegistry, startLocalRegistry } from './localRegistry';
import {
  appYarn,
  createApp,
  CREATE_APP,
  prepareForThisMachine,
} from './newApp';
import { packPackages } from './packPackages';
import { readReadmeInstallSteps } from './readmeSteps';
import { PORTS, RunningApp, startApp } from './runApp';

const REPO_ROOT = resolve(__dirname, '../..');
const LOCKFILE = join(__dirname, 'yarn.lock');

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const resultsFile = argValue('--results');
  const refreshLock = process.argv.includes('--refresh-lock');
  // Outside the repository on purpose: Node, tsc and webpack look for
  // packages in every parent folder, so an app under the repository would
  // quietly take what the README forgot from the repository's node_modules,
  // and Yarn would merge the repository's .yarnrc.yml into the app's.
  const workDir =
    process.env.PROVE_INSTALL_DIR ?? join(tmpdir(), 'sandboxes-prove-install');
  const appDir = join(workDir, 'app');
  const logDir = join(REPO_ROOT, '.local/test-results/prove-install');
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  mkdirSync(workDir, { recursive: true });
  const log = (name: string) => join(logDir, `${name}.log`);

  const started = Date.now();
  let passed = 0;
  let failed = 0;
  let stopped = false;
  const step = async (name: string, body: () => Promise<unknown>) => {
    if (stopped) return;
    const t0 = Date.now();
    try {
      await body();
      passed += 1;
      console.log(
        `    ok: ${name} (${Math.round((Date.now() - t0) / 1000)} s)`,
      );
    } catch (error) {
      failed += 1;
      stopped = true;
      console.log(
        `    FAILED: ${name}: ${
          error instanceof Error ? error.message : error
        }`,
      );
    }
  };

  const steps = readReadmeInstallSteps(join(REPO_ROOT, 'README.md'));
  let registry: LocalRegistry | undefined;
  let running: RunningApp | undefined;
  let sandboxName: string | undefined;
  let api: PortalApi | undefined;
  try {
    await step(
      'the packages build and pack (backstage-cli package build, yarn pack)',
      async () => {
        const outDir = join(workDir, 'packages');
        await packPackages({ repoRoot: REPO_ROOT, outDir, log: log('pack') });
        registry = await startLocalRegistry(outDir, PORTS.registry);
      },
    );
    await step(`${CREATE_APP} makes a new app (--skip-install)`, () =>
      createApp({
        repoRoot: REPO_ROOT,
        workDir,
        appDir,
        log: log('create-app'),
      }),
    );
    await step(
      'README step 1: the app adds the packages (yarn workspace … add)',
      async () => {
        prepareForThisMachine({
          appDir,
          registryUrl: registry!.url,
          lockfile:
            refreshLock || !existsSync(LOCKFILE)
              ? seedFromRepository(
                  readFileSync(join(REPO_ROOT, 'yarn.lock'), 'utf8'),
                )
              : withoutOwnPackages(readFileSync(LOCKFILE, 'utf8')),
        });
        for (const command of steps.addPackages) {
          const [yarn, ...args] = command.split(/\s+/);
          if (yarn !== 'yarn')
            throw new Error(`README step 1 runs "${command}", not yarn`);
          await appYarn(appDir, args, log('install'));
        }
        const written = readFileSync(join(appDir, 'yarn.lock'), 'utf8');
        if (refreshLock) {
          saveLockfile(LOCKFILE, written);
          return;
        }
        const drift = driftFrom(LOCKFILE, written);
        if (drift.length > 0) {
          throw new Error(
            `the registry packages differ from scripts/prove-install/yarn.lock (${drift.join(
              '; ',
            )}); refresh it with --refresh-lock`,
          );
        }
      },
    );
    let entityName = '';
    await step(
      'README steps 2-6: backend lines, permission policy, frontend discovery, config, annotation',
      async () => {
        applyBackendSteps(appDir, steps);
        checkFrontendDiscovery(appDir, steps);
        applyConfigStep(appDir, steps, `http://127.0.0.1:${PORTS.kubeSim}`);
        entityName = applyAnnotationStep(appDir, steps);
      },
    );
    await step('the app type-checks (yarn tsc)', () =>
      appYarn(appDir, ['tsc'], log('tsc')),
    );
    // The app is a bundled package: build:backend builds its frontend too.
    await step(
      'the backend and its frontend bundle build (yarn build:backend)',
      async () => {
        await appYarn(appDir, ['build:backend'], log('build-backend'));
        for (const file of [
          'packages/backend/dist/bundle.tar.gz',
          'packages/app/dist/index.html',
        ]) {
          if (!existsSync(join(appDir, file))) {
            throw new Error(`yarn build:backend made no ${file}`);
          }
        }
      },
    );
    await step(
      'the built backend starts against kube-sim with the sandbox operator',
      async () => {
        running = await startApp({
          repoRoot: REPO_ROOT,
          appDir,
          stateDir: join(workDir, 'state'),
          logDir,
        });
        api = await PortalApi.signInAsGuest(running.backendUrl);
      },
    );
    await step(
      "the app's API creates a sandbox and the operator makes it Ready",
      async () => {
        const sandbox = await api!.createReadySandbox(
          'Proof of install',
          180_000,
        );
        sandboxName = sandbox.name;
      },
    );
    await step("the app's API lists it", async () => {
      const list = await api!.get<{ items: Array<{ name: string }> }>(
        '/api/sandboxes/sandboxes',
      );
      if (!list?.items.some(item => item.name === sandboxName)) {
        throw new Error(
          `GET /api/sandboxes/sandboxes does not list ${sandboxName}: ${JSON.stringify(
            list,
          ).slice(0, 300)}`,
        );
      }
    });
    await step(
      'Chromium shows the Sandboxes page with it, and the entity tab',
      () =>
        showsSandboxesPage({
          appUrl: running!.backendUrl,
          sandboxDisplayName: 'Proof of install',
          entityName,
          screenshotDir: logDir,
        }),
    );
    await step("the app's API deletes it", () =>
      api!.deleteSandbox(sandboxName!, 180_000),
    );
  } finally {
    await running?.stop();
    await registry?.stop();
  }

  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`    time: ${Math.floor(seconds / 60)} min ${seconds % 60} s`);
  console.log(
    `prove-install: ${passed} passed, ${failed} failed (logs: .local/test-results/prove-install/)`,
  );
  if (resultsFile)
    writeFileSync(resultsFile, JSON.stringify({ passed, failed }));
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
