import { join } from 'node:path';
import { launchBrowser, signInAsGuest } from '../../test/e2e/harness';

/**
 * The new app's frontend in headless Chromium (Debian's, through
 * playwright-core): the Sandboxes page from the discovered plugin lists the
 * sandbox the API made, and the annotated example Component has the
 * Sandboxes tab. A screenshot of each page goes to the log folder.
 */
export async function showsSandboxesPage(options: {
  appUrl: string;
  sandboxDisplayName: string;
  entityName: string;
  screenshotDir: string;
}) {
  const { appUrl, sandboxDisplayName, entityName, screenshotDir } = options;
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(120_000);
    await signInAsGuest(page, appUrl);
    // The page is reached as a user would: through its sidebar item.
    await page.getByRole('link', { name: 'Sandboxes' }).first().click();
    await page
      .getByRole('row')
      .filter({ hasText: sandboxDisplayName })
      .first()
      .waitFor({ state: 'visible' });
    await page.screenshot({
      path: join(screenshotDir, 'sandboxes-page.png'),
      fullPage: true,
    });

    // The tab's route exists only for an entity with the annotation.
    await page.goto(
      `${appUrl}/catalog/default/component/${entityName}/sandboxes`,
    );
    await page
      .getByRole('button', { name: 'New sandbox' })
      .waitFor({ state: 'visible' });
    await page.screenshot({
      path: join(screenshotDir, 'entity-tab.png'),
      fullPage: true,
    });
  } finally {
    await browser.close();
  }
}
