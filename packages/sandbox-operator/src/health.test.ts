import http from 'node:http';
import { AddressInfo } from 'node:net';
import { KubeSim, startKubeSim } from '@sandboxkit/kube-sim';
import { installCrds } from './installCrds';
import { KubeClient } from './kube/KubeClient';
import { loadKubeConfig } from './kube/loadKubeConfig';
import { RunningOperator, startOperator } from './startOperator';
import {
  clientFor,
  demoSandbox,
  waitFor,
  waitForPhase,
} from './__testUtils__/testUtils';

jest.setTimeout(120_000);

/**
 * An HTTP proxy in front of the API server that holds, unanswered, every
 * request matching a rule until released: one kind of call hangs while
 * everything else (watches, lease renewals) goes on, as when a server-side
 * webhook or an overloaded etcd range stalls one path.
 */
async function startHoldingProxy(target: URL) {
  const held: Array<() => void> = [];
  let hold: ((method: string, path: string) => boolean) | undefined;
  const forward = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  const server = http.createServer((req, res) => {
    if (hold?.(req.method ?? '', req.url ?? '')) {
      // The body is read now; forwarding later replays the buffered stream.
      req.pause();
      held.push(() => {
        req.resume();
        forward(req, res);
      });
    } else {
      forward(req, res);
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    holdWhen(rule: (method: string, path: string) => boolean) {
      hold = rule;
    },
    get heldCount() {
      return held.length;
    },
    release() {
      hold = undefined;
      for (const go of held.splice(0)) go();
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let sim: KubeSim;
let client: KubeClient;
let proxy: Awaited<ReturnType<typeof startHoldingProxy>>;
let operator: RunningOperator;

beforeAll(async () => {
  sim = await startKubeSim({ port: 0, kubeletDelayMs: 10 });
  await installCrds(sim.kubeConfig());
  client = clientFor(sim.kubeConfig());
  proxy = await startHoldingProxy(new URL(sim.url));
  const kubeConfig = loadKubeConfig(sim.kubeConfig());
  kubeConfig.clusters[0] = { ...kubeConfig.clusters[0], server: proxy.url };
  operator = await startOperator({
    kubeConfig,
    // The threshold the stall is judged by, not a time the test measures.
    config: { stallTimeoutMs: 500, workers: 1 },
    leaderElection: { retryPeriodMs: 100 },
    metricsPort: 0,
  });
  await waitFor(() => operator.isIdle(), {
    what: 'the operator to lead and check the demo templates',
  });
});

afterAll(async () => {
  proxy?.release();
  await operator?.stop();
  client?.close();
  await proxy?.close();
  await sim?.stop();
});

const healthz = async () =>
  (await fetch(`http://127.0.0.1:${operator.metricsPort}/healthz`)).status;

describe('/healthz', () => {
  it('answers 503 while a reconcile hangs on a call that never returns, and 200 again once it finishes', async () => {
    expect(await healthz()).toBe(200);
    // Creating a sandbox namespace hangs; watches and the lease go on.
    proxy.holdWhen(
      (method, path) =>
        method === 'POST' && path.startsWith('/api/v1/namespaces?'),
    );
    await client.create(demoSandbox('stuck-1'));
    await waitFor(() => proxy.heldCount > 0, {
      what: 'the namespace create to be held',
    });
    await waitFor(async () => (await healthz()) === 503, {
      timeoutMs: 30_000,
      what: '/healthz to report the stalled work loop',
    });
    // The operator still leads: it is the work loop, not the lease, that stalls.
    expect(operator.isLeader()).toBe(true);

    proxy.release();
    await waitForPhase(client, 'stuck-1', 'Ready', 60_000);
    await waitFor(async () => (await healthz()) === 200, {
      timeoutMs: 30_000,
      what: '/healthz to recover',
    });
  });
});
