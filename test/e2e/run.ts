import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../scripts/local/localStack';
import { startE2eStack } from './e2eStack';
import { launchBrowser, runTests, E2eResult } from './harness';
import { portalTests } from './portal.e2e';
import { sandboxesPageTests } from './sandboxes.e2e';
import { entityTabTests } from './entityTab.e2e';
import { scaffolderTests } from './scaffolder.e2e';
import { wakeTests } from './wake.e2e';
import { changeTests } from './change.e2e';
import { secretParameterTests } from './secretParameters.e2e';
import { consoleErrorTests } from './consoleErrors.e2e';

/**
 * The browser tests: builds the app, starts the local default on its own
 * ports (so a running `scripts/start.sh` is not disturbed), and drives it
 * with headless Chromium. Screenshots and logs go to test/output.
 * Usage: run.ts [--results file.json] [--skip-build]
 */
async function main() {
  const args = process.argv.slice(2);
  const resultsIndex = args.indexOf('--results');
  const resultsPath = resultsIndex >= 0 ? args[resultsIndex + 1] : undefined;
  const outputDir = join(REPO_ROOT, 'test/output');
  const log = (line: string) => console.log(line);
  let results: E2eResult[] = [];
  const setupFailure = (name: string, error: unknown): E2eResult => ({
    name,
    ok: false,
    durationMs: 0,
    error: error instanceof Error ? error.message : String(error),
  });

  if (!args.includes('--skip-build')) {
    const started = Date.now();
    log('== building the app bundle');
    execFileSync(
      process.execPath,
      [require.resolve('@backstage/cli/bin/backstage-cli'), 'package', 'build'],
      { cwd: join(REPO_ROOT, 'packages/app'), stdio: 'ignore' },
    );
    log(`   built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }

  const started = Date.now();
  let stack;
  try {
    stack = await startE2eStack({
      stateDirPrefix: 'sandboxes-e2e-',
      say: message => log(`== ${message}`),
    });
    log(
      `== local default served after ${((Date.now() - started) / 1000).toFixed(
        1,
      )} s`,
    );
  } catch (error) {
    results = [setupFailure('local default starts', error)];
    log(`    FAILED: local default starts: ${results[0].error}`);
  }

  if (stack) {
    const browser = await launchBrowser();
    try {
      results = await runTests({
        browser,
        stack,
        tests: [
          ...portalTests,
          ...sandboxesPageTests,
          ...entityTabTests,
          ...scaffolderTests,
          ...wakeTests,
          ...changeTests,
          ...secretParameterTests,
          ...consoleErrorTests,
        ],
        outputDir: join(outputDir, 'screenshots'),
        log,
      });
    } finally {
      await browser.close();
      await stack.stop();
    }
  }

  const passed = results.filter(r => r.ok).length;
  const failed = results.length - passed;
  if (resultsPath) {
    writeFileSync(
      resultsPath,
      JSON.stringify({ passed, failed, results }, null, 2),
    );
  }
  log(`== browser tests: ${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
