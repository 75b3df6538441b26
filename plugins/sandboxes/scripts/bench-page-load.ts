/* eslint-disable no-console -- a script that prints its figures */
/*
 * Measures, in headless Chromium, how fast the /sandboxes page of the dev app
 * (`yarn start` in this folder: 1,003 sandboxes in memory) becomes usable:
 * from navigation to the first page of the table, to "All sandboxes" showing
 * 1–25 of 1,003, and to the next page. Prints the median of several runs.
 *
 *   yarn start --config ../../app-config.yaml   # in another terminal
 *   SANDBOXES_DEV_URL=http://localhost:3000 \
 *     node --require @backstage/cli/config/nodeTransform.cjs scripts/bench-page-load.ts
 */
import { chromium } from 'playwright-core';
import { signInToDevApp } from './devAppSignIn';

const baseUrl = process.env.SANDBOXES_DEV_URL ?? 'http://localhost:3000';
const runs = Number(process.env.RUNS ?? 5);

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  });
  const firstRows: number[] = [];
  const allTab: number[] = [];
  const nextPage: number[] = [];
  const context = await browser.newContext();
  try {
    await signInToDevApp(context, baseUrl);

    for (let run = 0; run < runs; run++) {
      const page = await context.newPage();
      const start = Date.now();
      await page.goto(`${baseUrl}/sandboxes`);
      await page.getByText('Checkout demo for ACME').waitFor();
      firstRows.push(Date.now() - start);

      const tabStart = Date.now();
      await page.getByRole('tab', { name: 'All sandboxes' }).click();
      await page.getByText(/^1–25 of 1,0\d\d$/).waitFor();
      allTab.push(Date.now() - tabStart);

      const nextStart = Date.now();
      await page.getByRole('button', { name: 'Next page' }).click();
      await page.getByText(/^26–50 of 1,0\d\d$/).waitFor();
      nextPage.push(Date.now() - nextStart);
      await page.close();
    }
  } finally {
    await browser.close();
  }
  console.log(`runs: ${runs} (1,003 sandboxes, 25 a page, dev build)`);
  console.log(
    `page load to first rows: median ${median(
      firstRows,
    )} ms (all: ${firstRows.join(', ')})`,
  );
  console.log(`"All sandboxes" to 1–25 of 1,003: median ${median(allTab)} ms`);
  console.log(`next page: median ${median(nextPage)} ms`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
