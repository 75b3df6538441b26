import { join } from 'node:path';
import { REPO_ROOT, startLocalStack } from './localStack';

/**
 * Command 1 (scripts/start.sh): the whole product on this machine, until
 * Ctrl-C. Ports can be changed with KUBE_SIM_PORT, BACKEND_PORT, APP_PORT,
 * GATEWAY_PORT, WAKER_PORT, PROMETHEUS_PORT; the autoscaler's idle window with
 * IDLE_WINDOW_MINUTES (default 3).
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
      gateway: port('GATEWAY_PORT', 8088),
      waker: port('WAKER_PORT', 8089),
      prometheus: port('PROMETHEUS_PORT', 9090),
    },
    idleWindowMinutes: Number(process.env.IDLE_WINDOW_MINUTES ?? 3),
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
    Endpoints:  http://<endpoint>-<sandbox>.sandbox.localhost:${
      new URL(stack.gatewayUrl).port
    }/ (the local ingress gateway; requests wake a sleeping sandbox)
    Autoscaler: ${
      stack.prometheusUrl
        ? `idle sandboxes sleep after ${
            process.env.IDLE_WINDOW_MINUTES ?? 3
          } minutes without requests (Prometheus ${stack.prometheusUrl})`
        : `PAUSED. ${stack.autoscalerPaused}`
    }
    Cluster:    kubectl --kubeconfig ${
      stack.kubeconfigPath
    } get sandboxes,namespaces

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
