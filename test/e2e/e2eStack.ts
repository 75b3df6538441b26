import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, startLocalStack } from '../../scripts/local/localStack';

/**
 * The stack the browser tests drive: the built app and the local default on
 * ports of their own (so a running `scripts/start.sh` is not disturbed), a
 * fresh state folder, logs in test/output/logs. run.ts runs the tests against
 * it; devStack.ts keeps it up for writing them.
 */
export function startE2eStack(options: {
  /** Prefix of the fresh state folder made under the system's temp folder. */
  stateDirPrefix: string;
  say: (message: string) => void;
}) {
  return startLocalStack({
    ports: {
      kubeSim: 16443,
      backend: 17007,
      app: 17007,
      gateway: 17088,
      waker: 17089,
      prometheus: 17090,
    },
    idleWindowMinutes: 3,
    appMode: 'built',
    stateDir: mkdtempSync(join(tmpdir(), options.stateDirPrefix)),
    persistCluster: false,
    logDir: join(REPO_ROOT, 'test/output/logs'),
    kubeletDelayMs: 300,
    say: options.say,
  });
}
