import { join } from 'node:path';
import { REPO_ROOT, startLocalStack } from './localStack';

/**
 * Command 1 (scripts/start.sh): the whole product on this machine, until
 * Ctrl-C. Ports can be changed with KUBE_SIM_PORT, BACKEND_PORT, APP_PORT.
 */
async function main() {
  const port = (name: string, fallback: number) =>
    Number(process.env[name] ?? fallback);
  const startedAt = Date.now();
  const stack = await startLocalStack({
    ports: {
      kubeSim: port('KUBE_SIM_PORT', 6443),
      backend: port('BACKEND_PORT', 7007),
      app: port('APP_PORT', 3000),
    },
    appMode: 'dev',
    stateDir: join(REPO_ROOT, '.local'),
    persistCluster: true,
    kubeletDelayMs: Number(process.env.KUBELET_DELAY_MS ?? 2000),
    say: message => console.log(`==> ${message}`),
  });
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(0);
  console.log(`
==> The portal is up after ${seconds} s.

    Open ${stack.appUrl} (you are signed in as the guest user)
    Sandboxes:  ${stack.appUrl}/sandboxes
    Backend:    ${stack.backendUrl}
    Cluster:    kubectl --kubeconfig ${stack.kubeconfigPath} get sandboxes,namespaces

    Ctrl-C stops everything.
`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\n==> Stopping the app, backend, operator and kube-sim');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch(error => {
  console.error(`\nCould not start the local default: ${error.message}`);
  console.error("Logs are above, prefixed with each part's name.");
  process.exit(1);
});
