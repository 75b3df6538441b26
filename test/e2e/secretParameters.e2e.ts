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
import { dialog, READY_TIMEOUT_MS, readySandboxPage } from './sandboxes.e2e';

const DISPLAY_NAME = 'E2E secret demo';
/** The demo template's secret parameter (deploy/examples/payments-api.yaml). */
const PARAMETER = 'webhookSigningKey';
const LABEL = /^Webhook signing key/;

/**
 * A secret parameter typed into the create dialog reaches the sandbox's
 * namespace and nothing else: the page says only that it is set, its HTML
 * and every answer of the sandboxes API it received lack the value, and the
 * Secret sandbox-parameters of the sandbox namespace holds it.
 */
export const secretParameterTests: E2eTest[] = [
  {
    name: 'a secret parameter typed at creation is shown as set and found only in the sandbox namespace Secret',
    async run({ page, stack, screenshot }) {
      // Fits the template's pattern [A-Za-z0-9_-]{16,64}; new each run.
      const secret = `whsec_${randomBytes(12).toString('hex')}`;
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
        .getByRole('row', { name: new RegExp(`^${PARAMETER}`) })
        .getByLabel('secret, set')
        .waitFor();
      await parameters.scrollIntoViewIfNeeded();
      await screenshot('secret-parameter-set');
      expect(await page.content(), 'the sandbox page HTML').notToContain(
        secret,
        'the secret value',
      );

      // What the API told the page, and tells anyone who asks.
      const received = await Promise.all(bodies);
      if (!received.some(r => r.url.includes(`/sandboxes/${name}`))) {
        throw new Error(`The page received no answer about ${name}`);
      }
      for (const { url, text } of received) {
        expect(text, `the answer of ${url}`).notToContain(
          secret,
          'the secret value',
        );
      }
      const details = await api.get<SandboxDetails>(
        `/api/sandboxes/sandboxes/${name}`,
      );
      expect(
        JSON.stringify(details?.secretParameters),
        'secretParameters',
      ).toMatch(new RegExp(`^\\["${PARAMETER}"\\]$`));
      for (const path of [
        `/api/sandboxes/sandboxes/${name}`,
        `/api/sandboxes/sandboxes/${name}/activity`,
        '/api/sandboxes/sandboxes',
      ]) {
        expect(JSON.stringify(await api.get(path)), `GET ${path}`).notToContain(
          secret,
          'the secret value',
        );
      }

      // The sandbox namespace's Secret holds it, for the workloads.
      const stored = await waitUntil(
        `the Secret ${SECRET_PARAMETERS_SECRET_NAME} in ${details?.namespace}`,
        READY_TIMEOUT_MS,
        async () =>
          readClusterObject<{ data?: Record<string, string> }>(
            stack.kubeSimUrl,
            `/api/v1/namespaces/${details?.namespace}/secrets/${SECRET_PARAMETERS_SECRET_NAME}`,
          ),
      );
      const value = Buffer.from(
        stored.data?.[PARAMETER] ?? '',
        'base64',
      ).toString();
      if (value !== secret) {
        throw new Error(
          `${SECRET_PARAMETERS_SECRET_NAME}.${PARAMETER} does not hold the typed value (${value.length} characters)`,
        );
      }

      // Changing it later starts from an empty field that says it is set.
      await page.getByRole('button', { name: 'Change…' }).click();
      const change = dialog(page, `Change ${DISPLAY_NAME}`);
      const again = change.getByLabel(LABEL);
      await again.waitFor();
      expect(await again.inputValue(), 'the field on Change…').toMatch(/^$/);
      await change.getByText('set — leave empty to keep').waitFor();
      await change.getByRole('button', { name: 'Cancel' }).click();

      await api.deleteSandbox(name);
    },
  },
];
