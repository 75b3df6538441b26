import type { Page } from 'playwright-core';
import type { SandboxDetails } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { expect } from './expect';
import { E2eTest, signInAsGuest } from './harness';
import { PortalApi } from './portalApi';
import { ThemeTwin, useTheme, waitForTransitions } from './themes';

/** Time for a sandbox of the demo template to start (kubelet delay 300 ms). */
export const READY_TIMEOUT_MS = 60_000;
/** The page polls every 5 s; transitions take a few seconds on top. */
export const TRANSITION_TIMEOUT_MS = 45_000;

const DISPLAY_NAME = 'E2E checkout demo';

export function dialog(page: Page, title: string | RegExp) {
  return page.getByRole('dialog', { name: title });
}

/** The status card's expiry: the ISO time of its `<time>` element. */
async function shownExpiry(page: Page): Promise<string> {
  const time = page.locator('time[datetime]').first();
  await time.waitFor();
  return (await time.getAttribute('datetime')) ?? '';
}

/** On a sandbox's page: waits until it says the sandbox is ready, and gives the sandbox's name. */
export async function readySandboxPage(page: Page): Promise<string> {
  await page.getByRole('heading', { name: 'Your sandbox is ready' }).waitFor();
  return decodeURIComponent(
    new URL(page.url()).pathname.split('/').pop() ?? '',
  );
}

/** Opens a sandbox's page and waits for its status headline. */
async function openSandboxPage(page: Page, appUrl: string, name: string) {
  await page.goto(`${appUrl}/sandboxes/${name}`);
  await page.getByRole('heading', { level: 2 }).first().waitFor();
}

/**
 * The whole life of a sandbox through the portal, as a person does it:
 * create from the /sandboxes page, watch it become ready, open its page,
 * put it to sleep and wake it up, extend it, delete it. Each screen is
 * saved in the light theme (this page) and the dark theme (a twin window).
 */
export const sandboxesPageTests: E2eTest[] = [
  {
    name: 'a sandbox is created, used, put to sleep, woken, extended and deleted from the Sandboxes page',
    async run(context) {
      const { page, stack } = context;
      const appUrl = stack.appUrl;
      const api = await PortalApi.signInAsGuest(stack.backendUrl);
      // What the signals backend pushes to this browser over its websocket.
      const signalFrames: string[] = [];
      page.on('websocket', socket => {
        if (!socket.url().includes('/api/signals')) return;
        socket.on('framereceived', frame => {
          signalFrames.push(String(frame.payload));
        });
      });
      await useTheme(page, 'light');
      await signInAsGuest(page, appUrl);
      const dark = await ThemeTwin.open(context, 'dark');
      try {
        // The list, empty in a fresh local default.
        await page.getByRole('link', { name: 'Sandboxes' }).first().click();
        await page.waitForURL(/\/sandboxes$/);
        await page.getByText('You have no sandboxes').waitFor();
        await dark.capture('sandboxes-page-empty', 'light', async twin => {
          await twin.goto(`${appUrl}/sandboxes`);
          await twin.getByText('You have no sandboxes').waitFor();
        });

        // The create dialog: the only template is preselected with its form.
        const openCreateDialog = async (on: Page) => {
          await on.getByRole('button', { name: 'New sandbox' }).click();
          const create = dialog(on, 'New sandbox');
          await create.getByText('Settlement currency').first().waitFor();
          return create;
        };
        const create = await openCreateDialog(page);
        await create.getByText('Payments API').first().waitFor();
        await create.getByLabel('Name (optional)').fill(DISPLAY_NAME);
        await dark.capture('create-dialog', 'light', async twin => {
          await twin.goto(`${appUrl}/sandboxes`);
          await openCreateDialog(twin);
        });
        await create
          .getByRole('button', { name: 'Create', exact: true })
          .click();

        // It starts, then says it is ready with its address.
        const progress = dialog(page, /Creating your sandbox/);
        await progress
          .getByText('Your sandbox is ready')
          .waitFor({ timeout: READY_TIMEOUT_MS });
        const address = progress.getByRole('link', { name: /^https?:\/\// });
        const url = (await address.getAttribute('href')) ?? '';
        expect(url, 'address in the create dialog').toMatch(/^https?:\/\/\S+/);
        await waitForTransitions(page);
        await context.screenshot('create-dialog-ready-light');
        await progress.getByRole('button', { name: 'Close' }).click();

        // The list shows it Ready, with the same address.
        const readyRow = (on: Page) =>
          on.getByRole('row').filter({ hasText: DISPLAY_NAME });
        await readyRow(page).getByText('Ready').waitFor();
        expect(
          (await readyRow(page).textContent()) ?? '',
          'list row',
        ).toContain(url.replace(/^https?:\/\//, ''));
        await dark.capture('sandboxes-page', 'light', async twin => {
          await twin.goto(`${appUrl}/sandboxes`);
          await readyRow(twin).getByText('Ready').waitFor();
        });

        // Its page, reached from the list: the sentence, the address, links.
        await readyRow(page)
          .getByRole('link', { name: DISPLAY_NAME, exact: true })
          .click();
        const name = await readySandboxPage(page);
        const sandbox = await api.get<SandboxDetails>(
          `/api/sandboxes/sandboxes/${name}`,
        );
        if (!sandbox?.namespace) {
          throw new Error(`The API gives ${name} no namespace`);
        }
        // Every address and link points at this sandbox: the URL templates
        // are filled with its name or namespace.
        const belongs = new RegExp(`${sandbox.name}|${sandbox.namespace}`);
        const links = page.getByRole('list', { name: 'Links' });
        const hrefs = await links
          .getByRole('link')
          .evaluateAll(anchors =>
            anchors.map(a => (a as HTMLAnchorElement).href),
          );
        if (hrefs.length < sandbox.endpoints.length + sandbox.links.length) {
          throw new Error(`Expected every link on the page, got ${hrefs}`);
        }
        for (const href of hrefs) expect(href, 'link href').toMatch(belongs);
        expect(hrefs.join(' '), 'links').toContain(url);
        const showDetails = async (on: Page) => {
          await on
            .getByRole('button', { name: /Details for engineers/ })
            .click();
          await on
            .getByText(sandbox.namespace!, { exact: true })
            .first()
            .waitFor();
        };
        await dark.capture('sandbox-page', 'light', async twin => {
          await openSandboxPage(twin, appUrl, name);
          await twin
            .getByRole('heading', { name: 'Your sandbox is ready' })
            .waitFor();
        });
        await showDetails(page);

        // Put to sleep, confirmed; the page says it is sleeping.
        const askToSleep = async (on: Page) => {
          await on.getByRole('button', { name: 'Put to sleep' }).click();
          return dialog(on, 'Put this sandbox to sleep?');
        };
        const sleep = await askToSleep(page);
        await sleep.waitFor();
        await dark.capture('confirm-sleep-dialog', 'light', async twin => {
          await openSandboxPage(twin, appUrl, name);
          await (await askToSleep(twin)).waitFor();
        });
        await sleep
          .getByRole('button', { name: 'Put to sleep', exact: true })
          .click();
        const sleeping = (on: Page) =>
          on.getByRole('heading', { name: /^Sleeping since/ });
        await sleeping(page).waitFor({ timeout: TRANSITION_TIMEOUT_MS });
        // The owner's page heard of the change through a signal, not only
        // through its poll.
        const signalled = signalFrames.filter(
          frame =>
            frame.includes('sandboxes:changed') &&
            frame.includes(`"name":"${name}"`),
        );
        if (signalled.length === 0) {
          throw new Error(
            `No sandboxes:changed signal for ${name} reached the browser (${signalFrames.length} frames on /api/signals)`,
          );
        }
        await dark.capture('sandbox-sleeping', 'light', async twin => {
          await openSandboxPage(twin, appUrl, name);
          await sleeping(twin).waitFor();
        });

        // Woken up from the headline's offer; ready again.
        await page.getByRole('button', { name: 'Wake it up' }).click();
        await dialog(page, 'Wake this sandbox up?')
          .getByRole('button', { name: 'Wake up', exact: true })
          .click();
        await page
          .getByRole('heading', { name: 'Your sandbox is ready' })
          .waitFor({ timeout: TRANSITION_TIMEOUT_MS });

        // Extended: the dialog announces the new expiry, the page shows it.
        const expiryBefore = await shownExpiry(page);
        const askToExtend = async (on: Page) => {
          await on.getByRole('button', { name: 'Extend', exact: true }).click();
          const extend = dialog(on, 'Extend this sandbox?');
          await extend.getByText(/^New expiry: /).waitFor();
          return extend;
        };
        const extend = await askToExtend(page);
        const announced = (
          (await extend.getByText(/^New expiry: /).textContent()) ?? ''
        ).replace('New expiry: ', '');
        await dark.capture('extend-dialog', 'light', async twin => {
          await openSandboxPage(twin, appUrl, name);
          await askToExtend(twin);
        });
        await extend
          .getByRole('button', { name: 'Extend', exact: true })
          .click();
        await extend.waitFor({ state: 'hidden' });
        await page
          .getByText(`(${announced})`, { exact: true })
          .waitFor({ timeout: TRANSITION_TIMEOUT_MS });
        const expiryAfter = await shownExpiry(page);
        if (!(Date.parse(expiryAfter) > Date.parse(expiryBefore))) {
          throw new Error(
            `The expiry did not move later: ${expiryBefore} -> ${expiryAfter}`,
          );
        }

        // Deleted, confirmed; back on the list, it goes away.
        const askToDelete = async (on: Page) => {
          await on.getByRole('button', { name: 'Delete', exact: true }).click();
          const remove = dialog(on, `Delete ${DISPLAY_NAME}?`);
          await remove.waitFor();
          return remove;
        };
        const remove = await askToDelete(page);
        await dark.capture('confirm-delete-dialog', 'light', async twin => {
          await openSandboxPage(twin, appUrl, name);
          await askToDelete(twin);
        });
        await remove
          .getByRole('button', { name: 'Delete', exact: true })
          .click();
        await page.waitForURL(/\/sandboxes$/);
        await page
          .getByRole('link', { name: DISPLAY_NAME, exact: true })
          .waitFor({ state: 'detached', timeout: TRANSITION_TIMEOUT_MS });
        await page.getByText('You have no sandboxes').waitFor();
        if (context.consoleErrors.length > 0) {
          throw new Error(
            `Console errors during the sandbox's life: ${JSON.stringify(
              context.consoleErrors,
            )}`,
          );
        }
      } finally {
        await dark.close();
      }
    },
  },
];
