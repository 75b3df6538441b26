import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/**
 * Runs a command to completion with its output in a log file; rejects with
 * the log's last lines when it fails, so a FAILED line says why.
 */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; log: string; env?: Record<string, string> },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(options.log, { flags: 'a' });
    log.write(`\n$ ${command} ${args.join(' ')}  (in ${options.cwd})\n`);
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    const keep = (chunk: Buffer) => {
      log.write(chunk);
      tail = (tail + chunk.toString()).slice(-3000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', code => {
      log.end();
      if (code === 0) resolve();
      else {
        reject(
          new Error(
            `${command} ${args.join(' ')} exited with ${code}; log ${
              options.log
            }:\n${tail.split('\n').slice(-25).join('\n')}`,
          ),
        );
      }
    });
  });
}
