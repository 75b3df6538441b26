import http from 'node:http';
import type { SandboxActivity } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { expect } from './expect';
import { E2eTest } from './harness';
import { PortalApi, waitUntil } from './portalApi';
import { READY_TIMEOUT_MS } from './sandboxes.e2e';

const DISPLAY_NAME = 'E2E wake demo';

/** The waker's status for a host, through the gateway. */
function askGateway(gatewayUrl: string, host: string): Promise<string> {
  const gateway = new URL(gatewayUrl);
  return new Promise((resolve, reject) => {
    http
      .get(
        {
          host: gateway.hostname,
          port: gateway.port,
          path: '/.sandbox-waker/status',
          headers: { host },
        },
        res => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', chunk => (body += chunk));
          res.on('end', () => resolve(body));
        },
      )
      .on('error', reject);
  });
}

/**
 * The idle → sleep → wake loop through the local ingress gateway: a
 * sleeping sandbox's URL shows the waker's page at once, and the page turns
 * into the sandbox (the gateway's stand-in page: kube-sim runs no
 * containers) by itself once the sandbox is Ready again.
 */
export const wakeTests: E2eTest[] = [
  {
    name: "a sleeping sandbox's URL shows the waiting page, which becomes the sandbox by itself",
    async run({ page, stack, screenshot }) {
      const api = await PortalApi.signInAsGuest(stack.backendUrl);
      const sandbox = await api.createReadySandbox(DISPLAY_NAME);
      const url = sandbox.endpoints[0].url;
      const host = new URL(url).hostname;
      await api.send(
        'POST',
        `/api/sandboxes/sandboxes/${sandbox.name}/suspend`,
        {},
      );
      await api.waitForPhase(sandbox.name, 'Suspended', READY_TIMEOUT_MS);
      // The gateway follows the routing switch through its watch: wait until it
      // routes the host to the waker (its status path records no wake).
      // (Node does not resolve *.localhost as browsers do: ask the gateway
      // on its own address with the sandbox's Host.)
      await waitUntil(`${host} to be routed to the waker`, 10_000, async () =>
        (await askGateway(stack.gatewayUrl, host)).includes('"waker":true')
          ? true
          : undefined,
      );

      const started = Date.now();
      const response = await page.goto(url);
      // The waiting page may already have turned into the sandbox when
      // goto returns (a wake takes about a second here): read the first answer.
      const first = (await response?.text()) ?? '';
      expect(String(response?.status()), 'the waiting page status').toMatch(
        /^503$/,
      );
      expect(first, 'the waiting page').toContain(`Waking up ${DISPLAY_NAME}`);
      // Request sent → waiting page received, as the browser timed it.
      const pageShownMs = Math.round(
        response?.request().timing().responseEnd ?? Date.now() - started,
      );

      await page.locator('#stand-in').waitFor({ timeout: READY_TIMEOUT_MS });
      const readyMs = Date.now() - started;
      expect(
        (await page.locator('#stand-in').textContent()) ?? '',
        'the sandbox after waking',
      ).toContain(host);
      await screenshot('wake-became-the-sandbox');
      process.stdout.write(
        `    request -> waiting page ${pageShownMs} ms; request -> sandbox shown ${readyMs} ms\n`,
      );

      const activity = await waitUntil(
        'the wake in the activity log',
        10_000,
        async () => {
          const answer = await api.get<{ items: SandboxActivity[] }>(
            `/api/sandboxes/sandboxes/${sandbox.name}/activity`,
          );
          const woken = answer?.items.filter(
            a => a.message === `Woken by a request to ${host}`,
          );
          return woken?.length ? answer!.items : undefined;
        },
      );
      const wakes = activity.filter(a =>
        a.message.startsWith('Woken by a request'),
      );
      expect(String(wakes.length), 'wake entries for many requests').toMatch(
        /^1$/,
      );
      await api.deleteSandbox(sandbox.name);
    },
  },
];
