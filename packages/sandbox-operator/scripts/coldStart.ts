/**
 * The cold half of bench-operator.ts, in a process of its own: starts an
 * operator over a cluster that already holds the sandboxes, waits until it
 * has reconciled all of them, then watches it idle. Prints one JSON line.
 *
 * bench-operator.ts runs it twice: through the TypeScript transform (how
 * `yarn start` runs the operator) and as an esbuild bundle (how the
 * operator's build ships it), so both figures come from the same cluster.
 *
 *   coldStart --kubeconfig PATH --steady-seconds 30
 */
import fs from 'fs';
import { parseArgs } from 'util';
import { waitFor } from '../src/__testUtils__/testUtils';
import { startOperator } from '../src/startOperator';

const { values } = parseArgs({
  options: {
    kubeconfig: { type: 'string' },
    'steady-seconds': { type: 'string', default: '30' },
  },
});
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const MB = 1024 * 1024;

async function main() {
  const baselineRss = process.memoryUsage().rss;
  const start = performance.now();
  const operator = await startOperator({
    kubeConfig: fs.readFileSync(values.kubeconfig!, 'utf8'),
    config: { workers: 8 },
  });
  await waitFor(() => operator.isIdle(), {
    timeoutMs: 600_000,
    intervalMs: 20,
  });
  const coldMs = performance.now() - start;
  // The kernel's high-water mark: every page the process ever had resident,
  // including short peaks a sampling timer would miss.
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  (globalThis as { gc?: () => void }).gc?.();
  const heapAfterSyncMB = process.memoryUsage().heapUsed / MB;
  // Writes the operator makes; PUTs are its leader Lease renewals.
  const writes = async () => {
    const metric = await operator.metrics.apiRequests.get();
    return metric.values
      .filter(v => !['GET', 'WATCH', 'PUT'].includes(String(v.labels.method)))
      .reduce((sum, v) => sum + v.value, 0);
  };
  const writesAtIdle = await writes();
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  await sleep(Number(values['steady-seconds']) * 1000);
  const cpu = process.cpuUsage(cpuBefore);
  const steadyCpuPercent =
    ((cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore)) * 100;
  const steadyWrites = (await writes()) - writesAtIdle;
  const steadyRssMB = process.memoryUsage().rss / MB;
  await operator.stop();
  process.stdout.write(
    `${JSON.stringify({
      coldMs,
      baselineRssMB: baselineRss / MB,
      heapAfterSyncMB,
      peakRssMB,
      steadyRssMB,
      steadyCpuPercent,
      steadyWrites,
      writesDuringColdStart: writesAtIdle,
    })}\n`,
  );
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
