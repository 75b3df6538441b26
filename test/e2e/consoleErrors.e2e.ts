import { E2eTest, signInAsGuest } from './harness';
import { PortalApi } from './portalApi';
import { READY_TIMEOUT_MS } from './sandboxes.e2e';

/**
 * The sandboxes screens log no errors in the browser console. The app is
 * the production build, so React's development-only warnings cannot
 * appear; nothing is ignored.
 */
export const consoleErrorTests: E2eTest[] = [
  {
    name: 'the Sandboxes page and a sandbox page log no console errors',
    async run({ page, stack, consoleErrors }) {
      const api = await PortalApi.signInAsGuest(stack.backendUrl);
      const sandbox = await api.createReadySandbox(
        'E2E console check',
        READY_TIMEOUT_MS,
      );
      try {
        await signInAsGuest(page, stack.appUrl);
        const onSignIn = consoleErrors.splice(0);

        await page.goto(`${stack.appUrl}/sandboxes`);
        await page
          .getByRole('row')
          .filter({ hasText: 'E2E console check' })
          .getByText('Ready')
          .waitFor();
        await page.getByRole('tab', { name: 'All sandboxes' }).click();
        await page
          .getByRole('link', { name: 'E2E console check', exact: true })
          .waitFor();
        const onList = [...consoleErrors];

        await page.goto(`${stack.appUrl}/sandboxes/${sandbox.name}`);
        await page
          .getByRole('heading', { name: 'Your sandbox is ready' })
          .waitFor();
        await page.getByRole('list', { name: 'Links' }).waitFor();
        await page
          .getByText(/^Created from template/)
          .first()
          .waitFor();
        const onSandbox = consoleErrors.slice(onList.length);

        if (onSignIn.length + onList.length + onSandbox.length > 0) {
          throw new Error(
            `Console errors while signing in: ${JSON.stringify(
              onSignIn,
            )}; on /sandboxes: ${JSON.stringify(onList)}; on /sandboxes/${
              sandbox.name
            }: ${JSON.stringify(onSandbox)}`,
          );
        }
      } finally {
        await api.deleteSandbox(sandbox.name);
      }
    },
  },
];
