/* eslint-disable no-console -- a script that prints its figures */
/*
 * Figures of the sandboxes product against the local default (kube-sim,
 * operator, backend serving the production app), measured in headless
 * Chromium. Not a test: it prints numbers.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs test/e2e/bench-ui.ts
 *
 * Build the app first (test/e2e/run.ts does). Environment:
 * BENCH_KUBELET_DELAY_MS (simulated pod start-up, default 300),
 * BENCH_RUNS (default 5), BENCH_SANDBOXES (default 1000). Uses its own
 * ports (18443, 18007) so it can run beside a started local default.
 *
 * 1. Create → Ready: click "Create" in the New sandbox dialog until the
 *    dialog says "Your sandbox is ready" (each run's sandbox is deleted
 *    afterwards, through the API, to stay within the guest's quota).
 * 2. /sandboxes with many sandboxes: they are created directly as Sandbox
 *    resources in kube-sim (the REST API would refuse them: the per-user
 *    quota is 3), owned by the guest, asleep (spec.suspend) so the operator
 *    has little to run; the backend indexes them from its watch. Then a
 *    fresh navigation to /sandboxes until the table shows its first rows.
 * 3. The plugin's bundle size, by plugins/sandboxes/scripts/bench-bundle-size.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { KubeConfig } from '@kubernetes/client-node';
import type { ListSandboxesResponse } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { REPO_ROOT, startLocalStack } from '../../scripts/local/localStack';
import { launchBrowser, signInAsGuest } from './harness';
import { PortalApi, waitUntil } from './portalApi';
import { useTheme } from './themes';

const kubeletDelayMs = Number(process.env.BENCH_KUBELET_DELAY_MS ?? 300);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const sandboxCount = Number(process.env.BENCH_SANDBOXES ?? 1000);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

function describe(label: string, values: number[]): string {
  const rounded = values.map(v => Math.round(v));
  return `${label}: median ${Math.round(
    median(values),
  )} ms (runs: ${rounded.join(', ')} ms)`;
}

async function signedInPage(browser: Browser, appUrl: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(120_000);
  await useTheme(page, 'light');
  await signInAsGuest(page, appUrl);
  return page;
}

async function createToReady(
  page: Page,
  api: PortalApi,
  appUrl: string,
  run: number,
): Promise<number> {
  const displayName = `Bench ${run}`;
  await page.goto(`${appUrl}/sandboxes`);
  await page.getByRole('button', { name: 'New sandbox' }).click();
  const dialog = page.getByRole('dialog', { name: 'New sandbox' });
  await dialog.getByText('Settlement currency').first().waitFor();
  await dialog.getByLabel('Name (optional)').fill(displayName);
  const create = dialog.getByRole('button', { name: 'Create', exact: true });
  const started = performance.now();
  await create.click();
  await page
    .getByRole('dialog', { name: /Creating your sandbox/ })
    .getByText('Your sandbox is ready')
    .waitFor();
  const elapsed = performance.now() - started;
  const list = await api.get<ListSandboxesResponse>(
    `/api/sandboxes/sandboxes?owner=me&q=${encodeURIComponent(displayName)}`,
  );
  for (const sandbox of list?.items ?? []) {
    await api.deleteSandbox(sandbox.name);
  }
  return elapsed;
}

/** Posts Sandbox resources straight to kube-sim, a few at a time. */
async function createSandboxResources(kubeconfigPath: string, count: number) {
  const kc = new KubeConfig();
  kc.loadFromString(readFileSync(kubeconfigPath, 'utf8'));
  const server = kc.getCurrentCluster()!.server;
  const url = `${server}/apis/sandboxkit.dev/v1alpha1/sandboxes`;
  const expiresAt = new Date(Date.now() + 4 * 3600_000).toISOString();
  const names = Array.from(
    { length: count },
    (_, i) => `bench-${String(i).padStart(4, '0')}`,
  );
  const parallel = 16;
  for (let i = 0; i < names.length; i += parallel) {
    await Promise.all(
      names.slice(i, i + parallel).map(async name => {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Authorization: 'Bearer kube-sim-local',
          },
          body: JSON.stringify({
            apiVersion: 'sandboxkit.dev/v1alpha1',
            kind: 'Sandbox',
            metadata: { name },
            spec: {
              templateRef: { name: 'payments-api' },
              owner: 'user:default/guest',
              displayName: `Bench sandbox ${name.slice(6)}`,
              size: 'small',
              suspend: true,
              expiresAt,
            },
          }),
        });
        if (!response.ok) {
          throw new Error(
            `kube-sim refused ${name}: ${
              response.status
            } ${await response.text()}`,
          );
        }
      }),
    );
  }
}

async function pageLoadToFirstRows(
  browser: Browser,
  appUrl: string,
): Promise<number> {
  // A new context each time: no cached bundle, as for someone opening the
  // portal; signing in happens before the clock starts.
  const page = await signedInPage(browser, appUrl);
  try {
    const started = performance.now();
    await page.goto(`${appUrl}/sandboxes`);
    await page
      .getByRole('table', { name: 'Sandboxes' })
      .getByRole('link', { name: /^Bench sandbox/ })
      .first()
      .waitFor();
    return performance.now() - started;
  } finally {
    await page.context().close();
  }
}

async function main() {
  const figures: string[] = [];
  console.log(
    `== starting the local default (kubelet delay ${kubeletDelayMs} ms)`,
  );
  const stack = await startLocalStack({
    ports: {
      kubeSim: 18443,
      backend: 18007,
      app: 18007,
      gateway: 18088,
      waker: 18089,
      prometheus: 18090,
    },
    idleWindowMinutes: 3,
    appMode: 'built',
    stateDir: mkdtempSync(join(tmpdir(), 'sandboxes-bench-ui-')),
    persistCluster: false,
    logDir: join(REPO_ROOT, 'test/output/logs/bench-ui'),
    kubeletDelayMs,
  });
  const browser = await launchBrowser();
  try {
    const api = await PortalApi.signInAsGuest(stack.backendUrl);
    await waitUntil('the demo template', 60_000, async () => {
      const templates = await api.get<{ items: unknown[] }>(
        '/api/sandboxes/templates',
      );
      return templates?.items.length ? true : undefined;
    });

    console.log(`== create -> ready, ${runs} runs`);
    const page = await signedInPage(browser, stack.appUrl);
    const createTimes: number[] = [];
    for (let run = 1; run <= runs; run++) {
      createTimes.push(await createToReady(page, api, stack.appUrl, run));
      console.log(`   run ${run}: ${Math.round(createTimes[run - 1])} ms`);
    }
    await page.context().close();
    figures.push(
      describe(
        `Create clicked -> dialog shows Ready (kubelet delay ${kubeletDelayMs} ms)`,
        createTimes,
      ),
    );

    // The same through the API, polled every 100 ms: how much of the time
    // above is the operator and how much the dialog's 2 s polling.
    const apiCreateTimes: number[] = [];
    for (let run = 1; run <= runs; run++) {
      const started = performance.now();
      const sandbox = await api.createReadySandbox(`Bench API ${run}`);
      apiCreateTimes.push(performance.now() - started);
      await api.deleteSandbox(sandbox.name);
    }
    figures.push(
      describe(
        'POST /api/sandboxes/sandboxes -> API reports Ready (polled every 100 ms)',
        apiCreateTimes,
      ),
    );

    console.log(
      `== ${sandboxCount} sandboxes as Sandbox resources in kube-sim`,
    );
    const seeded = performance.now();
    await createSandboxResources(stack.kubeconfigPath, sandboxCount);
    const posted = performance.now() - seeded;
    await waitUntil(
      `${sandboxCount} sandboxes in the backend's index`,
      300_000,
      async () => {
        const list = await api.get<ListSandboxesResponse>(
          '/api/sandboxes/sandboxes?owner=me&limit=1',
        );
        return (list?.totalCount ?? 0) >= sandboxCount ? true : undefined;
      },
      1000,
    );
    figures.push(
      `${sandboxCount} Sandbox resources posted to kube-sim in ${Math.round(
        posted,
      )} ms; all in the backend's index after ${Math.round(
        performance.now() - seeded,
      )} ms`,
    );

    console.log(
      `== /sandboxes page load with ${sandboxCount} sandboxes, ${runs} runs`,
    );
    const loadTimes: number[] = [];
    for (let run = 1; run <= runs; run++) {
      loadTimes.push(await pageLoadToFirstRows(browser, stack.appUrl));
      console.log(`   run ${run}: ${Math.round(loadTimes[run - 1])} ms`);
    }
    figures.push(
      describe(
        `/sandboxes navigation -> first table rows, ${sandboxCount} sandboxes, new browser context each run`,
        loadTimes,
      ),
    );
    const apiTimes: number[] = [];
    for (let run = 1; run <= runs; run++) {
      const started = performance.now();
      await api.get('/api/sandboxes/sandboxes?owner=me&limit=25');
      apiTimes.push(performance.now() - started);
    }
    figures.push(
      describe(
        `GET /api/sandboxes/sandboxes?owner=me&limit=25 with ${sandboxCount} sandboxes`,
        apiTimes,
      ),
    );
  } finally {
    await browser.close();
    await stack.stop();
  }

  console.log(
    '== bundle size (plugins/sandboxes/scripts/bench-bundle-size.ts)',
  );
  const bundle = execFileSync(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      'scripts/bench-bundle-size.ts',
    ],
    { cwd: join(REPO_ROOT, 'plugins/sandboxes'), encoding: 'utf8' },
  );

  console.log('\nFigures');
  for (const figure of figures) console.log(`  ${figure}`);
  console.log(bundle.replace(/^/gm, '  '));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
