/* eslint-disable no-console -- a developer tool that says where things are */
import { startE2eStack } from './e2eStack';

/**
 * Starts the browser tests' stack (e2eStack.ts: built app, ports
 * 16443/17007, fresh state) and keeps it running until Ctrl-C, for writing
 * and debugging browser tests against it. Build the app first (run.ts without
 * --skip-build does).
 */
async function main() {
  const stack = await startE2eStack({
    stateDirPrefix: 'sandboxes-e2e-dev-',
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
