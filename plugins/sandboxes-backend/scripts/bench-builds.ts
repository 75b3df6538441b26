/*
 * Build reported → every following sandbox's Deployments updated. For 1 and
 * for 100 sandboxes that follow one branch of one repository: the time from
 * sending POST /builds until, in kube-sim, every follower's payments-api
 * Deployment has the build's image and its controller has observed that
 * generation (status.observedGeneration = metadata.generation), with the
 * operator running. Prints the median and the spread of several builds.
 *
 * Run (one benchmark at a time on a shared machine):
 *   flock /tmp/bench.lock node --require @backstage/cli/config/nodeTransform.cjs \
 *     scripts/bench-builds.ts [--followers 1,100] [--builds 5]
 *
 * The API, the operator and kube-sim share this process (like the local
 * default's single backend); the API is the real one (benchApi.ts), on SQLite.
 */
import { startKubeSim } from '@sandboxkit/kube-sim';
import { installCrds, startOperator } from '@sandboxkit/sandbox-operator';
import knexFactory from 'knex';
import { parseArgs } from 'node:util';
import { AUTHORIZATION, startApi } from './benchApi';

const { values } = parseArgs({
  options: {
    followers: { type: 'string', default: '1,100' },
    builds: { type: 'string', default: '5' },
  },
});
const REPOSITORY = 'https://github.com/acme/payments';
const BRANCH = 'main';
const COMPONENT = 'payments-api';
const print = (line: string) => process.stdout.write(`${line}\n`);

interface Deployment {
  metadata: { name: string; namespace: string; generation: number };
  spec: { template: { spec: { containers: Array<{ image: string }> } } };
  status?: { observedGeneration?: number };
}

async function waitUntil<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  intervalMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, intervalMs));
  }
}

async function call(base: string, method: string, path: string, body?: object) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...AUTHORIZATION },
    body: body && JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function benchFollowers(followers: number, builds: number) {
  const sim = await startKubeSim({ port: 0, kubeletDelayMs: 0 });
  await installCrds(sim.kubeConfig());
  const operator = await startOperator({
    kubeConfig: sim.kubeConfig(),
    leaderElection: { retryPeriodMs: 100 },
    metricsPort: 0,
    logger: { info: () => {}, warn: () => {}, error: () => {} },
  });
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const { base, server, parts } = await startApi(knex, sim.url);
  parts.watcher.start();
  const kube = async <T>(path: string): Promise<T> =>
    (
      await fetch(`${sim.url}${path}`, {
        headers: { Authorization: 'Bearer bench' },
      })
    ).json() as Promise<T>;
  try {
    const names: string[] = [];
    for (let i = 0; i < followers; i++) {
      const created = await call(base, 'POST', '/sandboxes', {
        template: 'payments-api',
        name: `follower-${i}`,
      });
      await call(base, 'PATCH', `/sandboxes/${created.name}`, {
        follow: { repository: REPOSITORY, branch: BRANCH },
      });
      names.push(created.name);
    }
    const namespaces = new Set(names.map(n => `sandbox-${n}`));
    const followerDeployments = async () =>
      (
        await kube<{ items: Deployment[] }>('/apis/apps/v1/deployments')
      ).items.filter(
        d =>
          namespaces.has(d.metadata.namespace) && d.metadata.name === COMPONENT,
      );
    await waitUntil(
      `${followers} sandboxes to be Ready`,
      600_000,
      async () => {
        const { items } = await call(base, 'GET', '/sandboxes?limit=200');
        const ready = items.filter(
          (s: { phase: string }) => s.phase === 'Ready',
        );
        return ready.length === followers ? true : undefined;
      },
      250,
    );

    const times: number[] = [];
    for (let build = 1; build <= builds; build++) {
      const image = `ghcr.io/acme/payments-api:build-${build}`;
      const started = performance.now();
      const answer = await call(base, 'POST', '/builds', {
        repository: REPOSITORY,
        branch: BRANCH,
        commit: `${build}`.padStart(40, 'a'),
        sequence: build,
        images: { [COMPONENT]: image },
      });
      const reportedMs = performance.now() - started;
      if (answer.updated.length !== followers) {
        throw new Error(
          `build ${build} moved ${answer.updated.length} sandboxes`,
        );
      }
      await waitUntil(`every follower on ${image}`, 600_000, async () => {
        const deployments = await followerDeployments();
        const done = deployments.filter(
          d =>
            d.spec.template.spec.containers.some(c => c.image === image) &&
            d.status?.observedGeneration === d.metadata.generation,
        );
        return deployments.length === followers && done.length === followers
          ? true
          : undefined;
      });
      const totalMs = performance.now() - started;
      times.push(totalMs);
      print(
        `  ${followers} follower(s), build ${build}: POST /builds answered in ${reportedMs.toFixed(
          0,
        )} ms, every Deployment updated and observed in ${totalMs.toFixed(
          0,
        )} ms`,
      );
    }
    print(
      `${followers} follower(s): build reported → every following Deployment updated: median ${median(
        times,
      ).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(
        ...times,
      ).toFixed(0)}, ${builds} builds)`,
    );
  } finally {
    await parts.watcher.stop();
    server.close();
    await operator.stop();
    await knex.destroy();
    await sim.stop();
  }
}

async function main() {
  const builds = Number(values.builds);
  for (const followers of values.followers!.split(',').map(Number)) {
    await benchFollowers(followers, builds);
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
