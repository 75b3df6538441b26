/* eslint-disable no-console -- a script that prints its figures */
/*
 * Request-driven wake in the local default (kube-sim, the operator with its
 * waker, the local ingress gateway, the backend), many wakes of one sandbox:
 *
 *   flock /tmp/bench.lock node --require @backstage/cli/config/nodeTransform.cjs test/e2e/bench-wake.ts
 *
 * Each round puts the sandbox to sleep through the API, waits until the
 * gateway routes its host to the waker, then sends the first request as a
 * browser does (Accept: text/html) and times
 *  - request → waiting page: until the waker's page has been received;
 *  - request → Ready: until the same URL answers with the app (the gateway's
 *    stand-in page: kube-sim runs no containers), asked again every 20 ms.
 * That second figure is the whole wake path: the waker records the wake
 * request on the Sandbox, the backend's watch resumes it after the quota
 * check, the operator restores replicas, kube-sim's kubelet makes pods
 * Ready, the operator switches the Ingress back, the gateway's watch sees it.
 *
 * Environment: BENCH_WAKES (default 30), BENCH_KUBELET_DELAY_MS (simulated
 * pod start-up step, default 300). No app build needed; own ports
 * (19443, 19007, 19088-19090) so it can run beside the local default.
 */
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, startLocalStack } from '../../scripts/local/localStack';
import { PortalApi, waitUntil } from './portalApi';

const wakes = Number(process.env.BENCH_WAKES ?? 30);
const kubeletDelayMs = Number(process.env.BENCH_KUBELET_DELAY_MS ?? 300);
const READY_TIMEOUT_MS = 60_000;

/** One request through the gateway with the sandbox's Host, timed to its last byte. */
function ask(
  gatewayUrl: string,
  host: string,
  path = '/',
): Promise<{ status: number; body: string; ms: number }> {
  const gateway = new URL(gatewayUrl);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(
        {
          host: gateway.hostname,
          port: gateway.port,
          path,
          headers: { host, accept: 'text/html' },
          agent: false,
        },
        res => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', chunk => (body += chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode!,
              body,
              ms: performance.now() - started,
            }),
          );
        },
      )
      .on('error', reject);
  });
}

/** The nearest-rank percentile. */
function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function describe(label: string, values: number[]): string {
  return `${label}: p50 ${percentile(values, 0.5).toFixed(
    0,
  )} ms, p99 ${percentile(values, 0.99).toFixed(0)} ms, min ${Math.min(
    ...values,
  ).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms (${
    values.length
  } wakes)`;
}

async function main() {
  const load = () =>
    loadavg()
      .map(l => l.toFixed(1))
      .join(' ');
  console.log(`load average at start: ${load()}`);
  const stack = await startLocalStack({
    ports: {
      kubeSim: 19443,
      backend: 19007,
      app: 19007,
      gateway: 19088,
      waker: 19089,
      prometheus: 19090,
    },
    // Long enough that the autoscaler never puts the sandbox to sleep itself.
    idleWindowMinutes: 120,
    appMode: 'none',
    stateDir: mkdtempSync(join(tmpdir(), 'sandboxes-bench-wake-')),
    persistCluster: false,
    logDir: join(REPO_ROOT, 'test/output/bench-wake-logs'),
    kubeletDelayMs,
    say: message => console.log(`== ${message}`),
  });
  const pageMs: number[] = [];
  const readyMs: number[] = [];
  try {
    const api = await PortalApi.signInAsGuest(stack.backendUrl);
    const sandbox = await api.createReadySandbox('Bench wake');
    const host = new URL(sandbox.endpoints[0].url).hostname;
    for (let round = 0; round < wakes; round++) {
      await api.send(
        'POST',
        `/api/sandboxes/sandboxes/${sandbox.name}/suspend`,
        {},
      );
      await api.waitForPhase(sandbox.name, 'Suspended', READY_TIMEOUT_MS);
      // The waker's status path records no wake: it tells when the
      // gateway has followed the routing switch.
      let last = '';
      await waitUntil(
        () => `${host} to be routed to the waker (last answer: ${last})`,
        10_000,
        async () => {
          last = (await ask(stack.gatewayUrl, host, '/.sandbox-waker/status'))
            .body;
          return last.includes('"waker":true') ? true : undefined;
        },
      );
      const started = performance.now();
      const first = await ask(stack.gatewayUrl, host);
      if (first.status !== 503 || !first.body.includes('Waking up')) {
        throw new Error(
          `round ${round}: the first request got ${
            first.status
          }, not the waiting page: ${first.body.slice(0, 200)}`,
        );
      }
      pageMs.push(first.ms);
      await waitUntil(
        `${host} to serve the app again`,
        READY_TIMEOUT_MS,
        async () => {
          const answer = await ask(stack.gatewayUrl, host);
          return answer.body.includes('id="stand-in"') ? true : undefined;
        },
        20,
      );
      readyMs.push(performance.now() - started);
      // Back to Ready in the API too before the next round's suspend.
      await api.waitForPhase(sandbox.name, 'Ready', READY_TIMEOUT_MS);
    }
    await api.deleteSandbox(sandbox.name);
  } finally {
    await stack.stop();
  }
  console.log(`kubelet delay ${kubeletDelayMs} ms per simulated pod step`);
  console.log(describe('request -> waiting page', pageMs));
  console.log(describe('request -> Ready (the app answers)', readyMs));
  console.log(`load average at end: ${load()}`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
