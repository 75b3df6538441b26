/* eslint-disable no-console -- a developer tool that says where things are */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, startLocalStack } from '../../scripts/local/localStack';

/**
 * Starts the same stack as run.ts (built app, ports 16443/17007, fresh
 * state) and keeps it running until Ctrl-C, for writing and debugging
 * browser tests against it. Build the app first (run.ts without
 * --skip-build does).
 */
async function main() {
  const stack = await startLocalStack({
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
    stateDir: mkdtempSync(join(tmpdir(), 'sandboxes-e2e-dev-')),
    persistCluster: false,
    logDir: join(REPO_ROOT, 'test/output/logs'),
    kubeletDelayMs: 300,
    say: message => console.log(`== ${message}`),
  });
  console.log(`== ready: ${stack.appUrl} (kubeconfig ${stack.kubeconfigPath})`);
  const stop = () => stack.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
