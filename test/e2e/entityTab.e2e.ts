import type { Page } from 'playwright-core';
import type {
  ListSandboxesResponse,
  SandboxDetails,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { expect } from './expect';
import { E2eTest, signInAsGuest } from './harness';
import { copySandboxTemplate, deleteSandboxTemplate } from './clusterObjects';
import { PortalApi, waitUntil } from './portalApi';
import { dialog, READY_TIMEOUT_MS } from './sandboxes.e2e';
import { ThemeTwin, useTheme, waitForTransitions } from './themes';

const ENTITY_REF = 'component:default/payments-api';
const DISPLAY_NAME = 'E2E from the component';
/** A second template, so that the preselection must come from the annotation. */
const OTHER_TEMPLATE = {
  name: 'payments-api-copy',
  displayName: 'Another template',
};

/**
 * The demo component's Sandboxes tab: "New sandbox" there preselects the
 * template named by the component's sandboxkit.dev/template
 * annotation and ties the sandbox to the component. Runs in the dark theme
 * (the light one is captured by a twin window), so the create progress is
 * captured in the theme the Sandboxes page test does not show it in.
 */
export const entityTabTests: E2eTest[] = [
  {
    name: "a sandbox is created from the demo component's Sandboxes tab and becomes ready there",
    async run(context) {
      const { page, stack } = context;
      const tabUrl = `${stack.appUrl}/catalog/default/component/payments-api/sandboxes`;
      const api = await PortalApi.signInAsGuest(stack.backendUrl);
      await useTheme(page, 'dark');
      await signInAsGuest(page, stack.appUrl);
      const light = await ThemeTwin.open(context, 'light');
      let created: string | undefined;
      await copySandboxTemplate(
        stack.kubeSimUrl,
        'payments-api',
        OTHER_TEMPLATE,
      );
      try {
        // The backend caches templates for a few seconds.
        await waitUntil(
          'the second template in the API',
          30_000,
          async () => {
            const templates = await api.get<{ items: unknown[] }>(
              '/api/sandboxes/templates',
            );
            return (templates?.items.length ?? 0) >= 2 ? true : undefined;
          },
          500,
        );
        await page.goto(tabUrl);
        await page.getByText('No sandboxes for this yet').waitFor();
        await light.capture('entity-tab-empty', 'dark', async twin => {
          await twin.goto(tabUrl);
          await twin.getByText('No sandboxes for this yet').waitFor();
        });

        // The template comes from the annotation, its form with defaults.
        const openCreateDialog = async (on: Page) => {
          await on.getByRole('button', { name: 'New sandbox' }).click();
          const create = dialog(on, 'New sandbox');
          await create.getByText('Settlement currency').first().waitFor();
          return create;
        };
        const create = await openCreateDialog(page);
        const templateField = create.locator('#sandbox-template');
        // With two templates nothing is preselected unless asked for: the
        // annotation (sandboxkit.dev/template: payments-api) did.
        await create.getByRole('button', { name: /Template/ }).waitFor();
        expect(
          (await templateField.textContent()) ?? '',
          'preselected template',
        ).toContain('Payments API');
        await create.getByLabel('Name (optional)').fill(DISPLAY_NAME);
        await light.capture('entity-create-dialog', 'dark', async twin => {
          await twin.goto(tabUrl);
          await openCreateDialog(twin);
        });
        await create
          .getByRole('button', { name: 'Create', exact: true })
          .click();

        const progress = dialog(page, /Creating your sandbox/);
        await progress
          .getByText('Your sandbox is ready')
          .waitFor({ timeout: READY_TIMEOUT_MS });
        await waitForTransitions(page);
        await context.screenshot('create-dialog-ready-dark');
        await progress.getByRole('button', { name: 'Close' }).click();

        // The tab lists it, Ready, without the "For" column.
        const row = (on: Page) =>
          on.getByRole('row').filter({ hasText: DISPLAY_NAME });
        await row(page).getByText('Ready').waitFor();
        const headers = await page.getByRole('columnheader').allTextContents();
        if (headers.includes('For')) {
          throw new Error(`The entity tab shows the "For" column: ${headers}`);
        }
        await light.capture('entity-tab', 'dark', async twin => {
          await twin.goto(tabUrl);
          await row(twin).getByText('Ready').waitFor();
        });

        // The API agrees: it belongs to the component and is Ready.
        const list = await api.get<ListSandboxesResponse>(
          `/api/sandboxes/sandboxes?entityRef=${encodeURIComponent(
            ENTITY_REF,
          )}`,
        );
        const sandbox = list?.items.find(s => s.displayName === DISPLAY_NAME);
        if (!sandbox)
          throw new Error(`No sandbox for ${ENTITY_REF} in the API`);
        created = sandbox.name;
        expect(sandbox.phase, 'phase').toContain('Ready');
        expect(sandbox.template, 'template').toContain('payments-api');
        const details = await api.get<SandboxDetails>(
          `/api/sandboxes/sandboxes/${sandbox.name}`,
        );
        expect(details?.entityRef ?? '', 'entityRef').toContain(ENTITY_REF);
      } finally {
        await deleteSandboxTemplate(stack.kubeSimUrl, OTHER_TEMPLATE.name);
        await light.close();
        // Frees the guest's quota slot for the tests that follow.
        if (created) await api.deleteSandbox(created);
      }
    },
  },
];
