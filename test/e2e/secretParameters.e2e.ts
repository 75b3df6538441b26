import { randomBytes } from 'node:crypto';
import type { Response } from 'playwright-core';
import {
  SECRET_PARAMETERS_SECRET_NAME,
  type SandboxDetails,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { readClusterObject } from './clusterObjects';
import { expect } from './expect';
import { E2eTest, signInAsGuest } from './harness';
import { PortalApi, waitUntil } from './portalApi';
import {
  dialog,
  READY_TIMEOUT_MS,
  readySandboxPage,
  TRANSITION_TIMEOUT_MS,
} from './sandboxes.e2e';

const DISPLAY_NAME = 'E2E secret demo';
/** The demo template's secret parameter (deploy/examples/payments-api.yaml). */
const PARAMETER = 'webhookSigningKey';
const LABEL = /^Webhook signing key/;

/**
 * A secret parameter typed into the create dialog, then changed through
 * Change…, reaches the sandbox's namespace and nothing else: the page says
 * only that it is set, its HTML and every answer of the sandboxes API it
 * received lack each value, and the Secret sandbox-parameters of the sandbox
 * namespace holds the latest.
 */
export const secretParameterTests: E2eTest[] = [
  {
    name: 'a secret parameter typed at creation and changed later is shown as set and found only in the sandbox namespace Secret',
    async run({ page, stack, screenshot }) {
      // Fits the template's pattern [A-Za-z0-9_-]{16,64}; new each run.
      const secret = `whsec_${randomBytes(12).toString('hex')}`;
      const changed = `whsec_${randomBytes(12).toString('hex')}`;
      const api = await PortalApi.signInAsGuest(stack.backendUrl);

      // Every answer of the sandboxes API that reaches the page.
      const bodies: Array<Promise<{ url: string; text: string }>> = [];
      page.on('response', (response: Response) => {
        if (!response.url().includes('/api/sandboxes/')) return;
        bodies.push(
          response
            .text()
            .then(text => ({ url: response.url(), text }))
            // A redirect or aborted poll has no body to read.
            .catch(() => ({ url: response.url(), text: '' })),
        );
      });

      await signInAsGuest(page, stack.appUrl);
      await page.goto(`${stack.appUrl}/sandboxes`);
      await page.getByRole('button', { name: 'New sandbox' }).click();
      const create = dialog(page, 'New sandbox');
      const field = create.getByLabel(LABEL);
      await field.waitFor();
      expect(
        (await field.getAttribute('type')) ?? '',
        'the secret field type',
      ).toMatch(/^password$/);
      await create.getByLabel('Name (optional)').fill(DISPLAY_NAME);
      await field.fill(secret);
      await create.getByRole('button', { name: 'Create', exact: true }).click();

      const progress = dialog(page, /Creating your sandbox/);
      await progress
        .getByText('Your sandbox is ready')
        .waitFor({ timeout: READY_TIMEOUT_MS });
      await progress
        .getByRole('link', { name: 'Go to the sandbox page' })
        .click();
      const name = await readySandboxPage(page);

      // The page: set, with no value.
      const parameters = page.getByRole('table', { name: 'Parameters' });
      await parameters
        .getByRole('row', { name: new RegExp(PARAMETER) })
        .getByLabel('secret, set')
        .waitFor();
      await parameters.scrollIntoViewIfNeeded();
      await screenshot('secret-parameter-set');

      const details = await api.get<SandboxDetails>(
        `/api/sandboxes/sandboxes/${name}`,
      );
      expect(
        JSON.stringify(details?.secretParameters),
        'secretParameters',
      ).toMatch(new RegExp(`^\\["${PARAMETER}"\\]$`));

      /** Neither the page, nor what the API told it, nor the API now. */
      const shownNowhere = async (value: string, what: string) => {
        expect(await page.content(), 'the sandbox page HTML').notToContain(
          value,
          what,
        );
        const received = await Promise.all(bodies);
        if (!received.some(r => r.url.includes(`/sandboxes/${name}`))) {
          throw new Error(`The page received no answer about ${name}`);
        }
        for (const { url, text } of received) {
          expect(text, `the answer of ${url}`).notToContain(value, what);
        }
        for (const path of [
          `/api/sandboxes/sandboxes/${name}`,
          `/api/sandboxes/sandboxes/${name}/activity`,
          '/api/sandboxes/sandboxes',
        ]) {
          expect(
            JSON.stringify(await api.get(path)),
            `GET ${path}`,
          ).notToContain(value, what);
        }
      };
      /** The sandbox namespace's Secret holds it, for the workloads. */
      const heldInSecret = (value: string, what: string) =>
        waitUntil(
          `${SECRET_PARAMETERS_SECRET_NAME}.${PARAMETER} in ${details?.namespace} to hold ${what}`,
          READY_TIMEOUT_MS,
          async () => {
            const stored = await readClusterObject<{
              data?: Record<string, string>;
            }>(
              stack.kubeSimUrl,
              `/api/v1/namespaces/${details?.namespace}/secrets/${SECRET_PARAMETERS_SECRET_NAME}`,
            );
            const held = stored.data?.[PARAMETER];
            return held && Buffer.from(held, 'base64').toString() === value
              ? true
              : undefined;
          },
        );

      await shownNowhere(secret, 'the secret value');
      await heldInSecret(secret, 'the typed value');

      // Changed through Change…: the field starts empty and says it is set;
      // the new value replaces the old one in the Secret, and only there.
      await page.getByRole('button', { name: 'Change…' }).click();
      const change = dialog(page, `Change ${DISPLAY_NAME}`);
      const again = change.getByLabel(LABEL);
      await again.waitFor();
      expect(await again.inputValue(), 'the field on Change…').toMatch(/^$/);
      await change.getByText('set — leave empty to keep').waitFor();
      await again.fill(changed);
      await change.getByRole('button', { name: 'Change', exact: true }).click();
      await change.waitFor({ state: 'hidden', timeout: TRANSITION_TIMEOUT_MS });
      await heldInSecret(changed, 'the value typed on Change…');
      await page
        .getByRole('table', { name: 'Parameters' })
        .getByRole('row', { name: new RegExp(PARAMETER) })
        .getByLabel('secret, set')
        .waitFor();
      await shownNowhere(changed, 'the changed secret value');
      await shownNowhere(secret, 'the first secret value');

      await api.deleteSandbox(name);
    },
  },
];
