/*
 * Benchmark of the sandboxes REST API. Prints:
 *  - GET /sandboxes p50/p95 with 10,000 sandboxes in the index, on SQLite and
 *    PostgreSQL (when SANDBOXES_BENCH_PG is set, e.g.
 *    postgresql://sandboxes:sandboxes@127.0.0.1:5432);
 *  - create throughput end to end (HTTP → quota → Sandbox resource in
 *    kube-sim → index), without the operator;
 *  - memory of the process.
 *
 * Run: node --require @backstage/cli/config/nodeTransform.cjs scripts/bench-api.ts
 *
 * The router, services, store and cluster adapter are the real ones (see
 * benchApi.ts for what stands in for authentication and permissions).
 */
import { startKubeSim } from '@sandboxkit/kube-sim';
import { installCrds } from '@sandboxkit/sandbox-operator';
import knexFactory, { Knex } from 'knex';
import { resourceColumns } from '../src/database/rows';
import { AUTHORIZATION, startApi, USER } from './benchApi';

const ROWS = Number(process.env.SANDBOXES_BENCH_ROWS ?? 10_000);
const READS = Number(process.env.SANDBOXES_BENCH_READS ?? 500);
const CREATES = Number(process.env.SANDBOXES_BENCH_CREATES ?? 300);
const CONCURRENCY = 10;

async function seed(knex: Knex) {
  const owners = Array.from({ length: 200 }, (_, i) => `user:default/u${i}`);
  const rows = Array.from({ length: ROWS }, (_, i) => {
    const created = new Date(Date.now() - i * 60_000);
    const name = `seed-${String(i).padStart(6, '0')}`;
    const columns = resourceColumns('local', {
      apiVersion: 'sandboxkit.dev/v1alpha1',
      kind: 'Sandbox',
      metadata: {
        name,
        resourceVersion: '1',
        creationTimestamp: created.toISOString(),
      },
      spec: {
        templateRef: { name: i % 3 ? 'payments-api' : 'checkout' },
        owner: i % 10 === 0 ? USER : owners[i % owners.length],
        expiresAt: new Date(created.getTime() + 3_600_000).toISOString(),
      },
      status: { phase: i % 4 ? 'Ready' : 'Suspended' },
    });
    return {
      ...columns,
      created_at: created,
      updated_at: created,
      last_activity_at: created,
      extensions_used: 0,
    };
  });
  await knex.batchInsert('sandboxes', rows, 500);
}

function percentile(sorted: number[], p: number) {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

async function timeReads(base: string, query: string) {
  const times: number[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < READS; i++) {
    // Half the reads follow the cursor, as paging through the list does.
    const url = `${base}/sandboxes?${query}${
      i % 2 && cursor ? `&cursor=${cursor}` : ''
    }`;
    const started = performance.now();
    const res = await fetch(url, { headers: AUTHORIZATION });
    const body = await res.json();
    times.push(performance.now() - started);
    if (res.status !== 200)
      throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
    cursor = body.nextCursor;
  }
  times.sort((a, b) => a - b);
  return `p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(
    times,
    95,
  ).toFixed(1)} ms`;
}

async function timeCreates(base: string) {
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CREATES) {
        next++;
        const res = await fetch(`${base}/sandboxes`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...AUTHORIZATION },
          body: JSON.stringify({ template: 'payments-api' }),
        });
        await res.arrayBuffer();
        if (res.status !== 201) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return `${(CREATES / seconds).toFixed(
    0,
  )}/s (${CREATES} creates, ${CONCURRENCY} at a time, ${failures} failed)`;
}

async function bench(label: string, knex: Knex, kubeUrl: string) {
  const { base, server } = await startApi(knex, kubeUrl);
  await seed(knex);
  await timeReads(base, 'limit=50'); // warm-up
  console.log(
    `${label}: GET /sandboxes?limit=50 over ${ROWS} rows: ${await timeReads(
      base,
      'limit=50',
    )}`,
  );
  console.log(
    `${label}: GET /sandboxes?owner=me&limit=50: ${await timeReads(
      base,
      'owner=me&limit=50',
    )}`,
  );
  console.log(
    `${label}: GET /sandboxes?q=seed-0001&sort=name: ${await timeReads(
      base,
      'q=seed-0001&sort=name&order=asc',
    )}`,
  );
  console.log(`${label}: create throughput: ${await timeCreates(base)}`);
  server.close();
  await knex.destroy();
}

async function main() {
  const sim = await startKubeSim({ port: 0 });
  await installCrds(sim.kubeConfig());
  try {
    await bench(
      'SQLite',
      knexFactory({
        client: 'better-sqlite3',
        connection: ':memory:',
        useNullAsDefault: true,
      }),
      sim.url,
    );
    const pg = process.env.SANDBOXES_BENCH_PG;
    if (pg) {
      const database = `sandboxes_bench_${Date.now()}`;
      const admin = knexFactory({ client: 'pg', connection: `${pg}/postgres` });
      await admin.raw(`CREATE DATABASE ${database}`);
      await bench(
        'PostgreSQL',
        knexFactory({ client: 'pg', connection: `${pg}/${database}` }),
        sim.url,
      );
      await admin.raw(`DROP DATABASE ${database}`);
      await admin.destroy();
    } else {
      console.log(
        'PostgreSQL: skipped (set SANDBOXES_BENCH_PG to a connection string)',
      );
    }
    const memory = process.memoryUsage();
    console.log(
      `memory: rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(
        memory.heapUsed /
        2 ** 20
      ).toFixed(0)} MiB (kube-sim runs in the same process)`,
    );
  } finally {
    await sim.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
