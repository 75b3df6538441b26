/**
 * Operator benchmark against kube-sim (run in its own process, kubelet delay 0).
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs scripts/bench-operator.ts \
 *     [--latency-sandboxes 200] [--rate 20] [--sandboxes 10000] [--steady-seconds 30]
 *
 * 1. Latency: payments-api sandboxes created --rate per second (default 20); time from the create
 *    request to phase Ready (every object applied, seed Job done; pods start
 *    at once as the kubelet delay is 0). Prints p50/p99.
 * 2. Scale: fills the cluster with N sandboxes of a light template (one
 *    ConfigMap, Deployment, Service and Ingress each, plus the namespace
 *    basics), then starts a cold operator in a fresh process and measures the
 *    time until it has reconciled all of them to steady state, its peak RSS,
 *    and its CPU while nothing changes.
 */
import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { parseArgs } from 'util';
import { SandboxResource } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { installCrds } from '../src/installCrds';
import { buildOperatorBundle } from './bundle';
import { startOperator } from '../src/startOperator';
import {
  SANDBOX,
  clientFor,
  demoSandbox,
  waitFor,
} from '../src/__testUtils__/testUtils';
import { KubeObject } from '../src/kube/types';

const { values } = parseArgs({
  options: {
    'latency-sandboxes': { type: 'string', default: '200' },
    sandboxes: { type: 'string', default: '10000' },
    'steady-seconds': { type: 'string', default: '30' },
    rate: { type: 'string', default: '20' },
  },
});
const print = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

const lightTemplate: KubeObject = {
  apiVersion: 'sandboxkit.dev/v1alpha1',
  kind: 'SandboxTemplate',
  metadata: { name: 'bench-light' },
  spec: {
    displayName: 'Benchmark (light)',
    sizes: [{ name: 'small', components: { web: { replicas: 1 } } }],
    ttl: { defaultMinutes: 60, maxMinutes: 600 },
    networkPolicy: { mode: 'isolated' },
    endpoints: [{ name: 'web', service: 'web', port: 80 }],
    resources: [
      {
        name: 'config',
        template: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'web-config' },
          data: { OWNER: '${{ sandbox.owner }}' },
        },
      },
      {
        name: 'web',
        dependsOn: ['config'],
        template: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web' },
          spec: {
            replicas: 1,
            selector: { matchLabels: { app: 'web' } },
            template: {
              metadata: { labels: { app: 'web' } },
              spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
            },
          },
        },
      },
      {
        name: 'web-service',
        template: {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'web' },
          spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
        },
      },
    ],
  },
};

async function startSim(): Promise<{
  child: ChildProcess;
  kubeconfig: string;
}> {
  const kubeconfig = path.join(
    os.tmpdir(),
    `bench-kube-sim-${process.pid}.yaml`,
  );
  fs.rmSync(kubeconfig, { force: true });
  const child = spawn(
    process.execPath,
    [
      '--max-old-space-size=8192',
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.resolve(__dirname, '../../kube-sim/src/cli.ts'),
      '--port=0',
      `--kubeconfig=${kubeconfig}`,
      '--kubelet-delay-ms=0',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  await waitFor(() => fs.existsSync(kubeconfig), {
    timeoutMs: 60_000,
    what: 'kube-sim',
  });
  return { child, kubeconfig: fs.readFileSync(kubeconfig, 'utf8') };
}

async function latencyPhase(kubeconfig: string, count: number) {
  const client = clientFor(kubeconfig);
  const operator = await startOperator({
    kubeConfig: kubeconfig,
    config: { workers: 8 },
  });
  await waitFor(() => operator.isIdle(), { timeoutMs: 30_000 });
  const created = new Map<string, number>();
  const readyAt = new Map<string, number>();
  const watch = client.watch<SandboxResource>(
    SANDBOX,
    {
      resourceVersion: (await client.list(SANDBOX)).resourceVersion,
      timeoutSeconds: 3600,
    },
    event => {
      const name = event.object.metadata.name!;
      if (event.object.status?.phase === 'Ready' && !readyAt.has(name)) {
        readyAt.set(name, performance.now());
      }
    },
    () => {},
  );
  for (let i = 0; i < count; i++) {
    const name = `lat-${i}`;
    created.set(name, performance.now());
    await client.create(demoSandbox(name));
    await sleep(1000 / Number(values.rate));
  }
  await waitFor(() => readyAt.size >= count, {
    timeoutMs: 120_000,
    what: 'all Ready',
  });
  watch.stop();
  const latencies = [...created]
    .map(([name, at]) => readyAt.get(name)! - at)
    .sort((a, b) => a - b);
  await operator.stop();
  client.close();
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1],
  };
}

async function fillPhase(kubeconfig: string, count: number) {
  const client = clientFor(kubeconfig);
  await client.apply(lightTemplate);
  const operator = await startOperator({
    kubeConfig: kubeconfig,
    config: { workers: 16 },
  });
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < count) {
        const i = next++;
        await client.create(demoSandbox(`scale-${i}`, {}, 'bench-light'));
      }
    }),
  );
  print(
    `  created ${count} Sandboxes in ${(
      (performance.now() - start) /
      1000
    ).toFixed(1)} s`,
  );
  await waitFor(
    async () => {
      const { items } = await client.list<SandboxResource>(SANDBOX);
      const ready = items.filter(
        s =>
          s.metadata.name!.startsWith('scale-') && s.status?.phase === 'Ready',
      ).length;
      print(
        `  ${ready}/${count} Ready after ${(
          (performance.now() - start) /
          1000
        ).toFixed(0)} s`,
      );
      return ready >= count;
    },
    { timeoutMs: 3_600_000, intervalMs: 10_000 },
  );
  const fillMs = performance.now() - start;
  await operator.stop();
  client.close();
  return fillMs;
}

/** How a cold operator process runs: from source or from the shipped bundle. */
type ColdStartMode = 'typescript transform' | 'esbuild bundle';

/** Command line of a fresh process that runs scripts/coldStart.ts in `mode`. */
function coldStartCommand(mode: ColdStartMode, bundleDir: string): string[] {
  const entry = path.join(__dirname, 'coldStart.ts');
  if (mode === 'typescript transform') {
    return [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      entry,
    ];
  }
  const outfile = path.join(bundleDir, 'coldStart.cjs');
  buildOperatorBundle(entry, outfile);
  return [outfile];
}

/** Starts a cold operator in a fresh process and prints its figures. */
async function coldRun(
  kubeconfigPath: string,
  mode: ColdStartMode,
  bundleDir: string,
) {
  const cold = spawn(
    process.execPath,
    [
      '--expose-gc',
      ...coldStartCommand(mode, bundleDir),
      `--kubeconfig=${kubeconfigPath}`,
      `--steady-seconds=${values['steady-seconds']}`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  cold.stdout!.on('data', chunk => (output += chunk));
  await new Promise(resolve => cold.on('exit', resolve));
  const result = JSON.parse(output.trim().split('\n').pop()!);
  print(
    `  [${mode}] cold start → all reconciled: ${(result.coldMs / 1000).toFixed(
      1,
    )} s; peak RSS ${result.peakRssMB.toFixed(
      0,
    )} MB (${result.baselineRssMB.toFixed(
      0,
    )} MB before start; live heap after sync ${result.heapAfterSyncMB.toFixed(
      0,
    )} MB); writes during cold start ${result.writesDuringColdStart}`,
  );
  print(
    `  [${mode}] steady state over ${values['steady-seconds']} s: CPU ` +
      `${result.steadyCpuPercent.toFixed(2)} % of one core, ${
        result.steadyWrites
      } writes, RSS ${result.steadyRssMB.toFixed(0)} MB`,
  );
}

async function main() {
  const sim = await startSim();
  const kubeconfigPath = path.join(
    os.tmpdir(),
    `bench-operator-${process.pid}.yaml`,
  );
  fs.writeFileSync(kubeconfigPath, sim.kubeconfig);
  try {
    await installCrds(sim.kubeconfig);
    const latencyCount = Number(values['latency-sandboxes']);
    if (latencyCount > 0) {
      print(
        `latency: ${latencyCount} payments-api sandboxes, created ${values.rate}/s, kubelet delay 0`,
      );
      const latency = await latencyPhase(sim.kubeconfig, latencyCount);
      print(
        `  created → Ready (all objects applied): p50 ${latency.p50.toFixed(
          0,
        )} ms, p99 ${latency.p99.toFixed(0)} ms, max ${latency.max.toFixed(
          0,
        )} ms`,
      );
    }
    const count = Number(values.sandboxes);
    if (count > 0) {
      print(`scale: filling the cluster with ${count} bench-light sandboxes`);
      const fillMs = await fillPhase(sim.kubeconfig, count);
      print(
        `  all Ready after ${(fillMs / 1000).toFixed(
          1,
        )} s (warm operator, 16 workers)`,
      );
      print(
        `scale: cold operator in a fresh process over ${count} existing sandboxes`,
      );
      const bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-op-'));
      try {
        await coldRun(kubeconfigPath, 'esbuild bundle', bundleDir);
        await coldRun(kubeconfigPath, 'typescript transform', bundleDir);
      } finally {
        fs.rmSync(bundleDir, { recursive: true, force: true });
      }
    }
  } finally {
    sim.child.kill('SIGTERM');
    fs.rmSync(kubeconfigPath, { force: true });
  }
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
