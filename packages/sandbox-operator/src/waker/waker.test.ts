import http from 'node:http';
import { AddressInfo } from 'node:net';
import { KubeSim, startKubeSim } from '@sandboxkit/kube-sim';
import {
  SandboxAnnotations,
  SandboxResource,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { installCrds } from '../installCrds';
import { KubeClient } from '../kube/KubeClient';
import { resourceType } from '../kube/resources';
import { KubeObject } from '../kube/types';
import { RunningOperator, startOperator } from '../startOperator';
import {
  DEPLOYMENT,
  SANDBOX,
  TEMPLATE,
  clientFor,
  demoSandbox,
  getSandbox,
  waitFor,
  waitForPhase,
} from '../__testUtils__/testUtils';
import { WAKER_SERVICE_NAME } from './routing';

jest.setTimeout(60_000);

const INGRESS = resourceType('networking.k8s.io/v1', 'Ingress');
const SERVICE = resourceType('v1', 'Service');

let sim: KubeSim;
let client: KubeClient;
let operator: RunningOperator;
/** Stands in for the app's Service: held requests are passed on here. */
let upstream: http.Server;
const passedOn: Array<{ host?: string; path?: string }> = [];

beforeAll(async () => {
  sim = await startKubeSim({ port: 0, kubeletDelayMs: 300 });
  await installCrds(sim.kubeConfig());
  client = clientFor(sim.kubeConfig());
  upstream = http.createServer((req, res) => {
    passedOn.push({ host: req.headers.host, path: req.url });
    res.end('from the app');
  });
  await new Promise<void>(r => upstream.listen(0, '127.0.0.1', r));
  operator = await startOperator({
    kubeConfig: sim.kubeConfig(),
    leaderElection: { retryPeriodMs: 100 },
    metricsPort: 0,
    wakerPort: 0,
    config: {
      wakerHost: 'sandbox-waker.sandbox-system.svc.cluster.local',
      portalUrl: 'http://portal.example',
      passOnUrl: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
    },
  });
  await waitFor(() => operator.isIdle(), { what: 'the operator to lead' });
});

afterAll(async () => {
  await operator?.stop();
  client?.close();
  upstream?.closeAllConnections();
  await new Promise(r => upstream?.close(r));
  await sim?.stop();
});

/** A request to the waker as the ingress controller sends it: with the sandbox's Host. */
function request(
  host: string,
  options: { accept?: string; path?: string } = {},
): Promise<{
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: operator.wakerPort,
        path: options.path ?? '/orders?id=1',
        headers: { host, accept: options.accept ?? '*/*' },
      },
      res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (body += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const HTML = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';

async function ingressBackends(ns: string): Promise<string[]> {
  const { items } = await client.list(INGRESS, { namespace: ns });
  return items
    .flatMap((i: any) => i.spec.rules)
    .flatMap((r: any) => r.http.paths)
    .map((p: any) => p.backend.service.name)
    .sort();
}

async function metric(name: string): Promise<number> {
  const text = await (
    await fetch(`http://127.0.0.1:${operator.metricsPort}/metrics`)
  ).text();
  return text
    .split('\n')
    .filter(line => line.startsWith(name))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

/** Suspends a sandbox and waits until it sleeps behind the waker. */
async function putToSleep(name: string): Promise<SandboxResource> {
  await client.mergePatch(SANDBOX, name, undefined, {
    spec: { suspend: true },
  });
  return waitForPhase(client, name, 'Suspended');
}

/** What the backend does with a wake request (plugins/sandboxes-backend does it for real). */
async function resumeLikeTheBackend(name: string) {
  await client.mergePatch(SANDBOX, name, undefined, {
    metadata: {
      annotations: {
        [SandboxAnnotations.wakeRequest]: null,
      },
    },
    spec: { suspend: false },
  });
}

describe('routing', () => {
  it('points an awake sandbox straight at its Services and a sleeping one at the waker, and back when Ready', async () => {
    await client.create(demoSandbox('route-1'));
    const ready = await waitForPhase(client, 'route-1', 'Ready');
    const ns = ready.status!.namespace!;
    // Awake: nothing of the waker in the request path.
    expect(await ingressBackends(ns)).toEqual(['payments-api', 'webhook-sink']);
    expect(await client.get(SERVICE, WAKER_SERVICE_NAME, ns)).toBeUndefined();

    await putToSleep('route-1');
    expect(await ingressBackends(ns)).toEqual([
      WAKER_SERVICE_NAME,
      WAKER_SERVICE_NAME,
    ]);
    const waker = await client.get<KubeObject & { spec: any }>(
      SERVICE,
      WAKER_SERVICE_NAME,
      ns,
    );
    expect(waker!.spec).toMatchObject({
      type: 'ExternalName',
      externalName: 'sandbox-waker.sandbox-system.svc.cluster.local',
    });

    await resumeLikeTheBackend('route-1');
    const awake = await waitForPhase(client, 'route-1', 'Ready');
    // Switched back before Ready was written: whoever sees Ready reaches the app.
    expect(await ingressBackends(ns)).toEqual(['payments-api', 'webhook-sink']);
    await waitFor(
      async () =>
        (await client.get(SERVICE, WAKER_SERVICE_NAME, ns)) === undefined,
      { what: 'the waker Service to be pruned' },
    );
    expect(awake.status!.recentWakeSeconds).toHaveLength(1);

    // A second sleep gets the waker Service again, although the operator
    // applied that same object before and pruned it on the way back.
    await putToSleep('route-1');
    expect(await ingressBackends(ns)).toEqual([
      WAKER_SERVICE_NAME,
      WAKER_SERVICE_NAME,
    ]);
    expect(await client.get(SERVICE, WAKER_SERVICE_NAME, ns)).toBeDefined();
  });
});

describe('components that never sleep', () => {
  it('keep their replicas while the rest sleeps, and the sandbox still reaches Suspended', async () => {
    const template = await client.get<KubeObject & { spec: any }>(
      TEMPLATE,
      'payments-api',
    );
    await client.create({
      apiVersion: template!.apiVersion,
      kind: 'SandboxTemplate',
      metadata: { name: 'payments-persistent' },
      spec: {
        ...template!.spec,
        resources: template!.spec.resources.map((r: any) =>
          r.name === 'webhook-sink' ? { ...r, neverSleeps: true } : r,
        ),
      },
    });
    await client.create(demoSandbox('never-1', {}, 'payments-persistent'));
    await waitForPhase(client, 'never-1', 'Ready');
    const asleep = await putToSleep('never-1');
    const ns = asleep.status!.namespace!;
    const replicas = async (name: string) =>
      (await client.get<KubeObject & { spec: any }>(DEPLOYMENT, name, ns))!.spec
        .replicas;
    expect(await replicas('webhook-sink')).toBe(1);
    expect(await replicas('payments-api')).toBe(0);
    expect(
      asleep.status!.conditions!.find(c => c.type === 'Ready')!.message,
    ).toContain('except webhook-sink, which never sleeps');
  });
});

describe('the waker', () => {
  it('shows a browser the waiting page at once, records one wake request however many requests come, and counts them', async () => {
    await client.create(
      demoSandbox('wake-1', { displayName: 'Orders demo' } as any),
    );
    await waitForPhase(client, 'wake-1', 'Ready');
    const asleep = await putToSleep('wake-1');
    const host = new URL(asleep.status!.endpoints![0].url).hostname;
    await waitFor(
      async () =>
        (
          await request(host, { path: '/.sandbox-waker/status' })
        ).body.includes('"waking"'),
      { what: 'the waker to know the sandbox' },
    );
    const requestsBefore = await metric('sandbox_waker_wake_requests_total');

    const pages = await Promise.all(
      [1, 2, 3].map(() => request(host, { accept: HTML })),
    );
    for (const page of pages) {
      expect(page.status).toBe(503);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('Waking up Orders demo');
      expect(page.body).toContain('about <strong id="expected">30 seconds');
    }
    const sandbox = await getSandbox(client, 'wake-1');
    const recorded = JSON.parse(
      sandbox!.metadata.annotations![SandboxAnnotations.wakeRequest],
    );
    expect(recorded.host).toBe(host);
    expect(Number.isFinite(Date.parse(recorded.at))).toBe(true);
    // More requests while it wakes write nothing more.
    const version = sandbox!.metadata.resourceVersion;
    await request(host, { accept: HTML });
    await request(host);
    expect((await getSandbox(client, 'wake-1'))!.metadata.resourceVersion).toBe(
      version,
    );
    expect(await metric('sandbox_waker_wake_requests_total')).toBe(
      requestsBefore + 1,
    );
    expect(await metric('sandbox_waker_pages_total{page="waking"}')).toBe(4);

    await resumeLikeTheBackend('wake-1');
    await waitForPhase(client, 'wake-1', 'Ready');
    const status = await waitFor(async () => {
      const answer = await request(host, { path: '/.sandbox-waker/status' });
      const body = JSON.parse(answer.body);
      return body.state === 'ready' ? body : undefined;
    });
    expect(status).toMatchObject({ waker: true, sandbox: 'wake-1' });
    await waitFor(
      async () =>
        (await metric('sandbox_waker_wake_duration_seconds_count')) === 1,
      { what: 'the wake to be timed' },
    );
  });

  it('answers other clients 503 with Retry-After from the sandbox’s recent wakes', async () => {
    const asleep = await getSandbox(client, 'route-1');
    await putToSleep('route-1');
    const host = new URL(asleep!.status!.endpoints![0].url).hostname;
    const answer = await waitFor(async () => {
      const a = await request(host, { accept: 'application/json' });
      return a.status === 503 ? a : undefined;
    });
    // route-1 woke once, in under 30 s; the estimate is its own wake.
    const expected = Math.max(
      1,
      Math.ceil(asleep!.status!.recentWakeSeconds![0]),
    );
    expect(answer.headers['retry-after']).toBe(String(expected));
    expect(answer.body).toContain('is waking up');
  });

  it('holds requests when the template asks, and passes them on once the sandbox is Ready', async () => {
    const template = await client.get<KubeObject & { spec: any }>(
      TEMPLATE,
      'payments-api',
    );
    await client.create({
      apiVersion: template!.apiVersion,
      kind: 'SandboxTemplate',
      metadata: { name: 'payments-hold' },
      spec: {
        ...template!.spec,
        wake: { nonBrowserRequests: 'hold', holdSeconds: 30 },
      },
    });
    await client.create(demoSandbox('hold-1', {}, 'payments-hold'));
    await waitForPhase(client, 'hold-1', 'Ready');
    const asleep = await putToSleep('hold-1');
    const host = new URL(asleep.status!.endpoints![0].url).hostname;
    await waitFor(
      async () =>
        (
          await request(host, { path: '/.sandbox-waker/status' })
        ).body.includes('"waking"'),
      { what: 'the waker to know the sandbox' },
    );

    const held = request(host, { path: '/api/orders' });
    const recorded = await waitFor(async () => {
      const s = await getSandbox(client, 'hold-1');
      return s?.metadata.annotations?.[SandboxAnnotations.wakeRequest];
    });
    expect(JSON.parse(recorded).host).toBe(host);
    expect(passedOn).toHaveLength(0);
    await resumeLikeTheBackend('hold-1');
    const answer = await held;
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('from the app');
    expect(passedOn).toEqual([{ host, path: '/api/orders' }]);
  });

  it('explains a refused wake and links to the sandbox’s page in the portal', async () => {
    await client.create(demoSandbox('refused-1'));
    await waitForPhase(client, 'refused-1', 'Ready');
    const asleep = await putToSleep('refused-1');
    const host = new URL(asleep.status!.endpoints![0].url).hostname;
    await client.mergePatch(SANDBOX, 'refused-1', undefined, {
      metadata: {
        annotations: {
          [SandboxAnnotations.wakeRefused]: JSON.stringify({
            at: new Date().toISOString(),
            reason: 'OverQuota',
            message: 'Its owner already runs 3 sandboxes, the most allowed.',
          }),
        },
      },
    });
    const page = await waitFor(async () => {
      const p = await request(host, { accept: HTML });
      return p.body.includes('cannot be woken') ? p : undefined;
    });
    expect(page.status).toBe(503);
    expect(page.body).toContain('Its owner already runs 3 sandboxes');
    expect(page.body).toContain(
      'href="http://portal.example/sandboxes/refused-1"',
    );
    const sandbox = await getSandbox(client, 'refused-1');
    expect(
      sandbox!.metadata.annotations![SandboxAnnotations.wakeRequest],
    ).toBeUndefined();
  });

  it('says an expired or deleted sandbox cannot be woken', async () => {
    await client.create(demoSandbox('gone-1'));
    const ready = await waitForPhase(client, 'gone-1', 'Ready');
    const host = new URL(ready.status!.endpoints![0].url).hostname;
    await client.mergePatch(SANDBOX, 'gone-1', undefined, {
      spec: { expiresAt: new Date(Date.now() - 1000).toISOString() },
    });
    const page = await waitFor(async () => {
      const p = await request(host, { accept: HTML });
      return p.status === 404 ? p : undefined;
    });
    expect(page.body).toMatch(/gone-1 has expired|gone-1 was deleted/);
    await waitFor(async () => !(await getSandbox(client, 'gone-1')));
    const after = await request(host, { accept: HTML });
    expect(after.status).toBe(404);
    expect(after.body).toContain('The sandbox gone-1 has expired');
    expect(after.body).toContain(
      'href="http://portal.example/sandboxes/gone-1"',
    );

    const unknown = await request('api-nobody.sandbox.localhost', {
      accept: HTML,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('No sandbox answers at this address');
  });
});
