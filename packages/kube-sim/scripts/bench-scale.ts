/* eslint-disable no-console */
/**
 * Scale benchmark: N namespaces with ~10 objects each, written over HTTP,
 * then the reads an operator does at that size. Prints figures.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs scripts/bench-scale.ts [namespaces]
 */
import { startKubeSim } from '../src/startKubeSim';

async function main() {
  const namespaces = Number(process.argv[2] ?? 10_000);
  const sim = await startKubeSim({
    port: 0,
    kubeletDelayMs: 0,
    populateNamespaces: false,
  });
  const post = async (path: string, body: object) => {
    const res = await fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201)
      throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };
  const apply = async (path: string, body: object) => {
    const res = await fetch(`${sim.url}${path}?fieldManager=bench&force=true`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/apply-patch+yaml' },
      body: JSON.stringify(body),
    });
    if (res.status >= 300)
      throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };

  const started = Date.now();
  const startedCpu = process.cpuUsage();
  let requests = 0;
  const concurrency = 32;
  let next = 0;
  const worker = async () => {
    while (next < namespaces) {
      const i = next++;
      const ns = `sbx-${i}`;
      await post('/api/v1/namespaces', {
        metadata: { name: ns, labels: { 'sandboxes.dev/owner': 'bench' } },
      });
      requests++;
      for (let j = 0; j < 6; j++) {
        await apply(`/api/v1/namespaces/${ns}/configmaps/cm-${j}`, {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `cm-${j}`, labels: { app: 'bench' } },
          data: { j: String(j) },
        });
        requests++;
      }
      await apply(`/api/v1/namespaces/${ns}/secrets/creds`, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'creds' },
        stringData: { token: 'x' },
      });
      await apply(`/api/v1/namespaces/${ns}/services/web`, {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web' },
        spec: { ports: [{ port: 80 }] },
      });
      await apply(
        `/apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies/deny`,
        {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: 'deny' },
          spec: { podSelector: {} },
        },
      );
      requests += 3;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const writeMs = Date.now() - started;
  const writeCpu = process.cpuUsage(startedCpu);
  console.log(
    `wrote ${requests} objects (${namespaces} namespaces) in ${writeMs} ms: ${Math.round(
      (requests / writeMs) * 1000,
    )} writes/s (CPU ${Math.round(
      (writeCpu.user + writeCpu.system) / 1000,
    )} ms, ${((writeCpu.user + writeCpu.system) / 1000 / requests).toFixed(
      2,
    )} ms per write)`,
  );

  // CPU time of this process (server and client) is printed beside wall time:
  // on a shared, loaded machine it moves much less than wall time does.
  const time = async (label: string, fn: () => Promise<unknown>) => {
    const t = Date.now();
    const cpu = process.cpuUsage();
    const out = await fn();
    const used = process.cpuUsage(cpu);
    console.log(
      `${label}: ${Date.now() - t} ms (CPU ${Math.round(
        (used.user + used.system) / 1000,
      )} ms)`,
    );
    return out;
  };
  await time('list all configmaps (all namespaces)', () =>
    fetch(`${sim.url}/api/v1/configmaps`)
      .then(r => r.json())
      .then(b => b.items.length),
  );
  await time(
    'list configmaps, labelSelector app=bench, limit 500 (first page)',
    () =>
      fetch(
        `${sim.url}/api/v1/configmaps?labelSelector=app%3Dbench&limit=500`,
      ).then(r => r.json()),
  );
  await time('list one namespace', () =>
    fetch(`${sim.url}/api/v1/namespaces/sbx-5000/configmaps`).then(r =>
      r.json(),
    ),
  );
  await time('get one object x1000', async () => {
    for (let i = 0; i < 1000; i++)
      await fetch(`${sim.url}/api/v1/namespaces/sbx-${i}/configmaps/cm-1`).then(
        r => r.json(),
      );
  });
  await time('no-op server-side apply x1000', async () => {
    for (let i = 0; i < 1000; i++) {
      await apply(`/api/v1/namespaces/sbx-${i}/configmaps/cm-0`, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'cm-0', labels: { app: 'bench' } },
        data: { j: '0' },
      });
    }
  });
  const mem = process.memoryUsage();
  console.log(
    `heap used ${Math.round(mem.heapUsed / 1e6)} MB, rss ${Math.round(
      mem.rss / 1e6,
    )} MB`,
  );
  await time('delete 100 namespaces and wait until gone', async () => {
    for (let i = 0; i < 100; i++)
      await fetch(`${sim.url}/api/v1/namespaces/sbx-${i}`, {
        method: 'DELETE',
      });
    for (;;) {
      const res = await fetch(`${sim.url}/api/v1/namespaces/sbx-99`);
      if (res.status === 404) break;
      await new Promise(r => setTimeout(r, 10));
    }
  });
  await sim.stop();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
