import { BrowserContext } from 'playwright-core';

/**
 * Signs a browser context in to the dev app (`yarn start` in this package).
 * The app asks to sign in as guest once per context; with no backend running
 * it offers the local guest token, which this accepts.
 */
export async function signInToDevApp(context: BrowserContext, baseUrl: string) {
  const signIn = await context.newPage();
  signIn.on('dialog', dialog => dialog.accept());
  await signIn.goto(`${baseUrl}/sandboxes`);
  await signIn.getByRole('button', { name: 'Enter' }).click();
  await signIn.getByText('Checkout demo for ACME').waitFor();
  await signIn.close();
}
