/*
 * Cycle cost of the idle autoscaler at 1,000 and 10,000 sandboxes against a
 * real Prometheus (Debian package `prometheus`), backfilled with promtool.
 * Measures queries per cycle, wall time and backend CPU of a first (cold)
 * cycle and of steady cycles, on SQLite and on PostgreSQL when reachable.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs scripts/bench-autoscaler.ts
 *
 * Env: BENCH_SIZES=1000,10000  BENCH_PG=postgresql://sandboxes:sandboxes@127.0.0.1:5432
 */
import { ConfigReader } from '@backstage/config';
import knexFactory, { Knex } from 'knex';
import { Registry } from 'prom-client';
import { AutoscalerMetrics } from '../src/autoscaler/AutoscalerMetrics';
import { AutoscalerStatusService } from '../src/autoscaler/AutoscalerStatusService';
import { readAutoscalerConfig } from '../src/autoscaler/config';
import { DatabaseAutoscalerStore } from '../src/autoscaler/DatabaseAutoscalerStore';
import { PrometheusMetricsSource } from '../src/autoscaler/PrometheusMetricsSource';
import { SandboxAutoscaler } from '../src/autoscaler/SandboxAutoscaler';
import { InMemoryFleet } from '../src/autoscaler/__testUtils__/InMemoryFleet';
import { startPrometheus } from '../src/autoscaler/__testUtils__/prometheus';

const MINUTE = 60_000;
const sizes = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const pgUrl =
  process.env.BENCH_PG ?? 'postgresql://sandboxes:sandboxes@127.0.0.1:5432';

const silentLogger = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silentLogger;
  },
};

/** 70 minutes of data at 30 s: a third busy, a third idle for 40 minutes, a third never used. */
function backfill(n: number, t0: number): string {
  const lines = ['# TYPE nginx_ingress_controller_requests unknown'];
  for (let i = 0; i < n; i++) {
    if (i % 3 === 2) continue; // never requested: no series at all
    let count = 0;
    for (let m = 0; m <= 70; m += 0.5) {
      if (i % 3 === 0 || m < 30) count += 3;
      lines.push(
        `nginx_ingress_controller_requests{namespace="sandbox-${i}"} ${count} ${
          (t0 + m * MINUTE) / 1000
        }`,
      );
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

async function openDatabase(
  kind: 'sqlite' | 'postgres',
): Promise<Knex | undefined> {
  if (kind === 'sqlite') {
    return knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
  }
  const admin = knexFactory({ client: 'pg', connection: `${pgUrl}/postgres` });
  try {
    await admin.raw('drop database if exists bench_autoscaler');
    await admin.raw('create database bench_autoscaler');
  } catch (error) {
    console.log(`  (PostgreSQL not reachable, skipped: ${error})`);
    return undefined;
  } finally {
    await admin.destroy();
  }
  return knexFactory({ client: 'pg', connection: `${pgUrl}/bench_autoscaler` });
}

async function benchSize(n: number) {
  const t0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000;
  const start = Date.now();
  const prometheus = await startPrometheus({ openMetrics: backfill(n, t0) });
  console.log(
    `\n${n} sandboxes (Prometheus backfilled in ${Date.now() - start} ms)`,
  );
  try {
    const config = readAutoscalerConfig(
      new ConfigReader({
        sandboxes: {
          autoscaler: {
            prometheus: { url: prometheus.url, preset: 'ingress-nginx' },
          },
        },
      }),
    );
    // The query alone, as Prometheus answers it.
    const source = PrometheusMetricsSource.create({
      config: config.defaultPrometheus!,
    });
    const queryTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const q0 = performance.now();
      const answer = await source.queryActivity({
        cluster: 'bench',
        windowsSeconds: [120, 1500, 1800],
        at: new Date(t0 + (62 + i) * MINUTE),
      });
      queryTimes.push(performance.now() - q0);
      if (i === 0)
        console.log(`  answer: ${answer.byNamespace.size} namespaces`);
    }
    console.log(
      `  one Prometheus query (3 windows, all namespaces): median ${median(
        queryTimes,
      ).toFixed(0)} ms`,
    );

    for (const kind of ['sqlite', 'postgres'] as const) {
      const knex = await openDatabase(kind);
      if (!knex) continue;
      let now = new Date(t0 + 60 * MINUTE);
      const fleet = new InMemoryFleet({ clock: () => now });
      for (let i = 0; i < n; i++) {
        fleet.add({ name: `${i}`, cluster: 'bench', createdAt: new Date(t0) });
      }
      const store = await DatabaseAutoscalerStore.create({ knex });
      const status = AutoscalerStatusService.create({
        store,
        clock: () => now,
      });
      const autoscaler = SandboxAutoscaler.create({
        config,
        fleet,
        store,
        logger: silentLogger,
        metrics: AutoscalerMetrics.create({
          registry: new Registry(),
          getSavings: () => status.getSavings(),
        }),
        clock: () => now,
      });
      const rows: string[] = [];
      for (let c = 0; c < 8; c++) {
        now = new Date(t0 + (60 + c) * MINUTE);
        const cpu0 = process.cpuUsage();
        const w0 = performance.now();
        const cycle = await autoscaler.runCycle();
        const wall = performance.now() - w0;
        const cpu = process.cpuUsage(cpu0);
        rows.push(
          `    cycle ${c + 1}: ${cycle.queries} query, wall ${wall.toFixed(
            0,
          )} ms, backend CPU ${((cpu.user + cpu.system) / 1000).toFixed(
            0,
          )} ms, warned ${cycle.warned}, suspended ${
            cycle.suspended
          }, resumed ${cycle.resumed}`,
        );
      }
      const s0 = performance.now();
      const savings = await status.getSavings();
      const savingsMs = performance.now() - s0;
      console.log(`  ${kind}:`);
      console.log(rows.join('\n'));
      console.log(
        `    getSavings over ${
          savings.sandboxes.length
        } rows: ${savingsMs.toFixed(0)} ms`,
      );
      await knex.destroy();
    }
  } finally {
    await prometheus.stop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  console.log(
    `Autoscaler cycle cost (node ${process.version}, ${
      require('node:os').cpus().length
    } CPUs)`,
  );
  for (const n of sizes) await benchSize(n);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
