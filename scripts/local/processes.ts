import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

/** A child process of the local stack, with its output prefixed or logged. */
export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
  /** Write output to `<logDir>/<name>.log` instead of the terminal. */
  logDir?: string;
}

export function spawnManaged(options: SpawnOptions): ManagedProcess {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stopping it also stops what it started
    // (the app's dev server starts workers).
    detached: true,
  });
  if (options.logDir) {
    const file = createWriteStream(join(options.logDir, `${options.name}.log`));
    child.stdout?.pipe(file);
    child.stderr?.pipe(file);
  } else {
    const prefix = `[${options.name}] `;
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream?.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString()).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) process.stdout.write(`${prefix}${line}\n`);
      });
    }
  }
  const exited = new Promise<number | null>(resolve =>
    child.on('exit', code => resolve(code)),
  );
  return { name: options.name, child, exited };
}

/** SIGTERM the process group, SIGKILL it if it is still there after a grace period. */
export async function stopManaged(
  managed: ManagedProcess,
  graceMs = 5000,
): Promise<void> {
  const { child } = managed;
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) {
    return;
  }
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGTERM');
  const timeout = new Promise<'timeout'>(resolve =>
    setTimeout(() => resolve('timeout'), graceMs).unref(),
  );
  if ((await Promise.race([managed.exited, timeout])) === 'timeout') {
    signalGroup('SIGKILL');
    await managed.exited;
  }
}

/** Polls a URL until it answers with a status below 500, or fails after the timeout. */
export async function waitForHttp(
  url: string,
  timeoutMs: number,
  watched?: ManagedProcess,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (watched && watched.child.exitCode !== null) {
      throw new Error(
        `${watched.name} exited with code ${watched.child.exitCode} before ${url} answered`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}
