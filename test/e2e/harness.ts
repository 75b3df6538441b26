import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import type { LocalStack } from '../../scripts/local/localStack';

/** Debian's Chromium; never a downloaded browser. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
];

export interface E2eContext {
  stack: LocalStack;
  page: Page;
  /** Saves a full-page PNG under the output folder, returns its path. */
  screenshot(name: string): Promise<string>;
  /** Console errors the page logged during this test. */
  consoleErrors: string[];
  /** Where screenshots go (for pages other than `page`). */
  outputDir: string;
}

export interface E2eTest {
  name: string;
  run(context: E2eContext): Promise<void>;
}

export interface E2eResult {
  name: string;
  ok: boolean;
  durationMs: number;
  error?: string;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
  });
}

/** Runs each test in a fresh browser context; a failure saves a screenshot and moves on. */
export async function runTests(options: {
  browser: Browser;
  stack: LocalStack;
  tests: E2eTest[];
  outputDir: string;
  log: (line: string) => void;
}): Promise<E2eResult[]> {
  const { browser, stack, outputDir, log } = options;
  // E2E_ONLY=text runs only the tests whose name contains it (iterating).
  const only = process.env.E2E_ONLY;
  const tests = only
    ? options.tests.filter(t => t.name.includes(only))
    : options.tests;
  mkdirSync(outputDir, { recursive: true });
  const results: E2eResult[] = [];
  for (const test of tests) {
    const started = Date.now();
    let context: BrowserContext | undefined;
    const slug = test.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    try {
      context = await browser.newContext({
        viewport: { width: 1440, height: 900 },
      });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      const consoleErrors: string[] = [];
      page.on('console', message => {
        if (message.type() !== 'error') return;
        // "Failed to load resource" names no address; the location does.
        const { url } = message.location();
        consoleErrors.push(url ? `${message.text()} (${url})` : message.text());
      });
      await test.run({
        stack,
        page,
        consoleErrors,
        outputDir,
        screenshot: async name => {
          const path = join(outputDir, `${name}.png`);
          await page.screenshot({ path, fullPage: true });
          return path;
        },
      });
      results.push({
        name: test.name,
        ok: true,
        durationMs: Date.now() - started,
      });
      log(
        `    ok: ${test.name} (${((Date.now() - started) / 1000).toFixed(
          1,
        )} s)`,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const page = context?.pages()[0];
      await page
        ?.screenshot({
          path: join(outputDir, `FAILED-${slug}.png`),
          fullPage: true,
        })
        .catch(() => {});
      results.push({
        name: test.name,
        ok: false,
        durationMs: Date.now() - started,
        error: message,
      });
      log(
        `    FAILED: ${test.name}\n      ${message
          .split('\n')
          .join('\n      ')}`,
      );
    } finally {
      await context?.close();
    }
  }
  return results;
}

/** Signs in with the guest provider: the app shows its sign-in page first. */
export async function signInAsGuest(page: Page, appUrl: string): Promise<void> {
  await page.goto(appUrl);
  const enter = page.getByRole('button', { name: /enter/i });
  // The sidebar's Catalog entry only renders once signed in.
  const sidebar = page.getByRole('link', { name: 'Catalog' }).first();
  await Promise.race([
    enter.waitFor({ state: 'visible' }),
    sidebar.waitFor({ state: 'visible' }),
  ]);
  if (await enter.isVisible()) {
    await enter.click();
  }
  await sidebar.waitFor({ state: 'visible' });
}
