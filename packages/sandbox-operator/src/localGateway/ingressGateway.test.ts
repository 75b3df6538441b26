import http from 'node:http';
import { AddressInfo } from 'node:net';
import { KubeSim, startKubeSim } from '@sandboxkit/kube-sim';
import { KubeClient } from '../kube/KubeClient';
import { KubeObject } from '../kube/types';
import { clientFor } from '../__testUtils__/testUtils';
import { IngressGateway, startIngressGateway } from './ingressGateway';

jest.setTimeout(60_000);

const HOST = 'api-demo.sandbox.localhost';

let sim: KubeSim;
let client: KubeClient;
let gateway: IngressGateway;
/** Stands in for the waker behind an ExternalName Service. */
let waker: http.Server;
/** Resolved by the gateway's next applied watch event that satisfies it. */
let waiters: Array<() => boolean> = [];

/** Resolves once a watch event has brought the gateway to `done()`; no polling. */
function afterWatchEvent(done: () => boolean): Promise<void> {
  if (done()) return Promise.resolve();
  return new Promise(resolve =>
    waiters.push(() => {
      if (!done()) return false;
      resolve();
      return true;
    }),
  );
}

function get(path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(
        {
          host: '127.0.0.1',
          port: gateway.port,
          path,
          headers: { host: HOST },
        },
        res => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', chunk => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      )
      .on('error', reject);
  });
}

const ingress = (service: string, port: number): KubeObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'api', namespace: 'demo' },
  spec: {
    rules: [
      {
        host: HOST,
        http: {
          paths: [
            {
              path: '/',
              pathType: 'Prefix',
              backend: { service: { name: service, port: { number: port } } },
            },
          ],
        },
      },
    ],
  },
});

beforeAll(async () => {
  sim = await startKubeSim({ port: 0 });
  client = clientFor(sim.kubeConfig());
  waker = http.createServer((req, res) => {
    res.writeHead(503, { 'retry-after': '5' });
    res.end(`waker answered for ${req.headers.host}`);
  });
  await new Promise<void>(r => waker.listen(0, '127.0.0.1', r));
  await client.apply({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'demo' },
  });
  await client.apply({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'api', namespace: 'demo' },
    spec: { selector: { app: 'api' }, ports: [{ port: 8080 }] },
  });
  await client.apply(ingress('api', 8080));
  gateway = await startIngressGateway({
    client,
    port: 0,
    onChange: () => {
      waiters = waiters.filter(check => !check());
    },
  });
});

afterAll(async () => {
  await gateway?.stop();
  client?.close();
  waker?.closeAllConnections();
  await new Promise(r => waker?.close(r));
  await sim?.stop();
});

describe('the local ingress gateway', () => {
  it('serves a routing switch to the waker and back as soon as its watch delivers it', async () => {
    // Listed at start: the app's route answers with the stand-in page.
    const awake = await get();
    expect(awake.status).toBe(200);
    expect(awake.body).toContain(`<h1 id="stand-in">${HOST} is up</h1>`);
    expect(awake.body).toContain('Service <code>api:8080</code>');

    // What the operator does when the sandbox goes to sleep: an ExternalName
    // Service for the waker, and the Ingress pointed at it.
    const wakerPort = (waker.address() as AddressInfo).port;
    await client.apply({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'sandbox-waker', namespace: 'demo' },
      spec: {
        type: 'ExternalName',
        externalName: 'localhost',
        ports: [{ port: wakerPort }],
      },
    });
    await client.apply(ingress('sandbox-waker', wakerPort));
    await afterWatchEvent(
      () => gateway.backendOf(HOST, '/')?.externalName === 'localhost',
    );
    const asleep = await get('/orders');
    expect(asleep).toEqual({
      status: 503,
      body: `waker answered for ${HOST}`,
    });

    // And back once it is Ready.
    await client.apply(ingress('api', 8080));
    await afterWatchEvent(
      () => gateway.backendOf(HOST, '/')?.route.service === 'api',
    );
    expect((await get()).body).toContain('Service <code>api:8080</code>');
  });

  it('counts requests per namespace as ingress-nginx does, for the autoscaler preset', async () => {
    const before = await get();
    expect(before.status).toBe(200);
    const metrics = await new Promise<string>((resolve, reject) => {
      http
        .get(`${gateway.url}/metrics`, res => {
          let body = '';
          res.on('data', chunk => (body += chunk));
          res.on('end', () => resolve(body));
        })
        .on('error', reject);
    });
    const line = metrics
      .split('\n')
      .find(
        l =>
          l.startsWith('nginx_ingress_controller_requests{') &&
          l.includes('namespace="demo"') &&
          l.includes('service="api"') &&
          l.includes('status="200"'),
      );
    expect(line).toBeDefined();
    expect(Number(line!.split(' ').pop())).toBeGreaterThanOrEqual(1);
  });
});
