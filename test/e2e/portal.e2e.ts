import { expect } from './expect';
import { E2eTest, signInAsGuest } from './harness';

/** The foundation: the portal, its catalog and the Kubernetes tab of the demo component. */
export const portalTests: E2eTest[] = [
  {
    name: 'catalog lists the demo application and the project components',
    async run({ page, stack, screenshot }) {
      await signInAsGuest(page, stack.appUrl);
      await page.goto(
        `${stack.appUrl}/catalog?filters[kind]=component&filters[user]=all`,
      );
      await page.getByRole('link', { name: 'Payments API' }).waitFor();
      await page.getByRole('link', { name: 'sandbox-operator' }).waitFor();
      await screenshot('catalog');
    },
  },
  {
    name: 'the demo component Kubernetes tab lists its workloads from the local cluster',
    async run({ page, stack, screenshot }) {
      await signInAsGuest(page, stack.appUrl);
      await page.goto(
        `${stack.appUrl}/catalog/default/component/payments-api/kubernetes`,
      );
      // The cluster accordion summarises the pods; expanding it lists the
      // demo application's Deployments.
      await page.getByText('3 pods').waitFor({ timeout: 60_000 });
      await page.getByText('local', { exact: true }).first().click();
      await page.getByText('webhook-sink').first().waitFor();
      const body = await page.textContent('body');
      expect(body ?? '', 'page text').toContain('payments-api');
      await screenshot('payments-api-kubernetes-tab');
    },
  },
];
