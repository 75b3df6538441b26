import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A Prometheus server started for a test or a benchmark. */
export interface RunningPrometheus {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** One series with its samples: [unix seconds, value]. */
export interface BackfillSeries {
  labels: Record<string, string>;
  samples: Array<[number, number]>;
}

/** OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`. */
export function toOpenMetrics(
  metric: string,
  series: BackfillSeries[],
): string {
  const lines = [`# TYPE ${metric} unknown`];
  for (const s of series) {
    const labels = Object.entries(s.labels)
      .map(([k, v]) => `${k}="${v}"`)
      .join(',');
    for (const [t, v] of s.samples)
      lines.push(`${metric}{${labels}} ${v} ${t}`);
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

function requireBinary(name: string) {
  try {
    execFileSync(name, ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      `'${name}' is not installed: apt-get install -y --no-install-recommends prometheus`,
    );
  }
}

/**
 * Starts Prometheus on a free loopback port with a temporary data directory,
 * optionally backfilled from OpenMetrics text (deterministic: query it at
 * explicit times inside the data) and/or scraping the given targets.
 */
export async function startPrometheus(options: {
  openMetrics?: string;
  scrapeTargets?: string[];
  scrapeIntervalSeconds?: number;
}): Promise<RunningPrometheus> {
  requireBinary('prometheus');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoscaler-prom-'));
  const dataDir = path.join(dir, 'data');
  if (options.openMetrics) {
    requireBinary('promtool');
    const input = path.join(dir, 'input.om');
    fs.writeFileSync(input, options.openMetrics);
    execFileSync(
      'promtool',
      ['tsdb', 'create-blocks-from', 'openmetrics', input, dataDir],
      { stdio: 'ignore' },
    );
  }
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  const scrape = options.scrapeTargets?.length
    ? `scrape_configs:\n  - job_name: test\n    scrape_interval: ${interval}\n    static_configs:\n      - targets: [${options.scrapeTargets
        .map(t => `'${t}'`)
        .join(', ')}]\n`
    : '';
  const configFile = path.join(dir, 'prometheus.yml');
  fs.writeFileSync(
    configFile,
    `global:\n  scrape_interval: ${interval}\n  evaluation_interval: ${interval}\n${scrape}`,
  );
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      '--web.listen-address=127.0.0.1:0',
      // Backfilled blocks may be older than the default 15 days in long runs.
      '--storage.tsdb.retention.time=3650d',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Prometheus did not start:\n${log}`)),
      20_000,
    );
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const match = /msg="Listening on" address=127\.0\.0\.1:(\d+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on('exit', code => {
      clearTimeout(timer);
      reject(new Error(`Prometheus exited with ${code}:\n${log}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  // "Listening" comes before the TSDB is open; wait for readiness.
  for (let i = 0; i < 200; i++) {
    const ready = await fetch(`${url}/-/ready`)
      .then(r => r.ok)
      .catch(() => false);
    if (ready) break;
    await new Promise(r => setTimeout(r, 50));
  }
  return {
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise(r => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
