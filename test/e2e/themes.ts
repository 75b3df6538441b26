import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { E2eContext, signInAsGuest } from './harness';

export type ThemeId = 'light' | 'dark';

/**
 * Makes every page of this page's browser context open in the given theme.
 * Backstage keeps the chosen theme in local storage under "theme"
 * (AppThemeSelector in @backstage/core-app-api); call before the first
 * navigation.
 *
 * Switching the theme of an open page is not used for screenshots: each
 * theme is its own provider component, so a switch remounts the whole app
 * and closes any open dialog.
 */
export async function useTheme(page: Page, theme: ThemeId): Promise<void> {
  await page
    .context()
    .addInitScript(id => window.localStorage.setItem('theme', id), theme);
}

/**
 * Waits until finite CSS transitions and animations (dialogs fading in,
 * menus opening) have finished; endless ones (progress bars, spinners) are
 * ignored. Screenshots taken mid-fade would show half-drawn dialogs.
 */
export async function waitForTransitions(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .filter(a => a.effect?.getTiming().iterations !== Infinity)
      .every(a => a.playState !== 'running'),
  );
}

/**
 * A second signed-in browser window in the other theme, which is brought
 * to the same screens as the test's page to capture them in that theme too.
 */
export class ThemeTwin {
  static async open(context: E2eContext, theme: ThemeId): Promise<ThemeTwin> {
    const browser = context.page.context().browser();
    if (!browser) throw new Error('The test page has no browser');
    const twinContext = await browser.newContext({
      viewport: context.page.viewportSize() ?? { width: 1440, height: 900 },
    });
    const page = await twinContext.newPage();
    page.setDefaultTimeout(30_000);
    await useTheme(page, theme);
    await signInAsGuest(page, context.stack.appUrl);
    return new ThemeTwin(context, page, theme);
  }

  private constructor(
    private readonly context: E2eContext,
    readonly page: Page,
    readonly theme: ThemeId,
  ) {}

  /**
   * Screenshots the test's page as `<name>-<its theme>.png`, then brings the
   * twin to the same screen with `show` and saves `<name>-<twin theme>.png`.
   */
  async capture(
    name: string,
    testTheme: ThemeId,
    show: (page: Page) => Promise<void>,
  ): Promise<void> {
    await waitForTransitions(this.context.page);
    await this.context.screenshot(`${name}-${testTheme}`);
    await show(this.page);
    await waitForTransitions(this.page);
    await this.page.screenshot({
      path: join(this.context.outputDir, `${name}-${this.theme}.png`),
      fullPage: true,
    });
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }
}
