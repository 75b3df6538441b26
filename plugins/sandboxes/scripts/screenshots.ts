/* eslint-disable no-console -- a script that prints its figures */
/*
 * Saves screenshots of the plugin's screens, light and dark, from the dev app
 * (`yarn start` in this folder) into docs/screenshots/.
 *
 *   SANDBOXES_DEV_URL=http://localhost:3000 \
 *     node --require @backstage/cli/config/nodeTransform.cjs scripts/screenshots.ts
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, Page } from 'playwright-core';
import { signInToDevApp } from './devAppSignIn';

const baseUrl = process.env.SANDBOXES_DEV_URL ?? 'http://localhost:3000';
const outDir = resolve(__dirname, '../docs/screenshots');

const screens: Array<{ name: string; show: (page: Page) => Promise<void> }> = [
  {
    name: 'sandboxes-page',
    show: async page => {
      await page.goto(`${baseUrl}/sandboxes`);
      await page.getByText('Checkout demo for ACME').waitFor();
    },
  },
  {
    name: 'create-dialog',
    show: async page => {
      await page.goto(`${baseUrl}/sandboxes`);
      await page.getByRole('button', { name: 'New sandbox' }).click();
      await page.getByRole('button', { name: /Template/ }).click();
      await page.getByRole('option', { name: 'Payments demo' }).click();
      await page.getByRole('textbox', { name: /Branch/ }).waitFor();
    },
  },
  {
    name: 'sandbox-page',
    show: async page => {
      await page.goto(`${baseUrl}/sandboxes/guest-payments-1`);
      await page.getByText('Your sandbox is ready').waitFor();
    },
  },
  {
    name: 'sandbox-sleeping',
    show: async page => {
      await page.goto(`${baseUrl}/sandboxes/guest-storefront-2`);
      await page.getByText(/^Sleeping since/).waitFor();
    },
  },
  {
    name: 'entity-tab',
    show: async page => {
      await page.goto(`${baseUrl}/entity-tab`);
      await page
        .getByText(/No sandboxes for this yet|1–/)
        .first()
        .waitFor();
    },
  },
];

async function main() {
  mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  });
  try {
    for (const theme of ['light', 'dark']) {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 860 },
      });
      // Backstage remembers the chosen theme in local storage.
      await context.addInitScript(
        `window.localStorage.setItem('theme', '${theme}');`,
      );
      await signInToDevApp(context, baseUrl);
      for (const screen of screens) {
        const page = await context.newPage();
        await screen.show(page);
        await page.waitForTimeout(500);
        const path = `${outDir}/${screen.name}-${theme}.png`;
        await page.screenshot({ path });
        console.log(`saved ${path}`);
        await page.close();
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
