import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  bootstrapCluster,
  LOCAL_SECRET_PARAMETERS_NAMESPACE,
} from '../local/bootstrapCluster';
import {
  ManagedProcess,
  spawnManaged,
  stopManaged,
  waitForHttp,
} from '../local/processes';
import { buildOperatorBundle } from '../../packages/sandbox-operator/scripts/bundle';

const NODE_TRANSFORM = require.resolve(
  '@backstage/cli/config/nodeTransform.cjs',
);

/** Fixed ports apart from the local default (6443, 7007, 8088-9090) and the e2e ones (16443, 17007, 17088-17090). */
export const PORTS = {
  kubeSim: 26443,
  backend: 27007,
  registry: 27010,
  gateway: 27088,
  waker: 27089,
};

/** kube-sim accepts this bearer token (the local default's), given as the README's ${SANDBOXES_CLUSTER_TOKEN}. */
const CLUSTER_TOKEN = 'kube-sim-local';

export interface RunningApp {
  backendUrl: string;
  stop(): Promise<void>;
}

/**
 * The machine-specific settings a team would keep in app-config.local.yaml
 * (create-app's .gitignore lists it): where the backend listens, and guest
 * sign-in for a production build. Nothing of the sandboxes plugins.
 */
function writeLocalConfig(appDir: string, backendUrl: string): string {
  const path = join(appDir, 'app-config.local.yaml');
  writeFileSync(
    path,
    stringify({
      app: { baseUrl: backendUrl },
      backend: {
        baseUrl: backendUrl,
        listen: { port: PORTS.backend },
        cors: { origin: backendUrl },
      },
      auth: {
        providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
      },
      sandboxes: {
        secretParameters: { namespace: LOCAL_SECRET_PARAMETERS_NAMESPACE },
      },
    }),
  );
  return path;
}

/**
 * Starts kube-sim with the sandbox CRDs and the demo template, the sandbox
 * operator (as scripts/local/localStack.ts does), then the new app's built
 * backend, which serves its built frontend.
 */
export async function startApp(options: {
  repoRoot: string;
  appDir: string;
  stateDir: string;
  logDir: string;
}): Promise<RunningApp> {
  const { repoRoot, appDir, stateDir, logDir } = options;
  mkdirSync(stateDir, { recursive: true });
  const started: ManagedProcess[] = [];
  const stop = async () => {
    for (const managed of [...started].reverse()) await stopManaged(managed);
  };
  try {
    const kubeconfigPath = join(stateDir, 'kubeconfig.yaml');
    const kubeSim = spawnManaged({
      name: 'kube-sim',
      command: process.execPath,
      args: [
        '--require',
        NODE_TRANSFORM,
        join(repoRoot, 'packages/kube-sim/src/cli.ts'),
        '--port',
        String(PORTS.kubeSim),
        '--kubeconfig',
        kubeconfigPath,
      ],
      cwd: join(repoRoot, 'packages/kube-sim'),
      logDir,
    });
    started.push(kubeSim);
    await waitForHttp(
      `http://127.0.0.1:${PORTS.kubeSim}/version`,
      60_000,
      kubeSim,
    );
    await bootstrapCluster(readFileSync(kubeconfigPath, 'utf8'));

    const operatorBundle = join(stateDir, 'sandbox-operator.cjs');
    buildOperatorBundle(
      join(repoRoot, 'packages/sandbox-operator/src/main.ts'),
      operatorBundle,
    );
    const backendUrl = `http://localhost:${PORTS.backend}`;
    started.push(
      spawnManaged({
        name: 'operator',
        command: process.execPath,
        args: [
          operatorBundle,
          '--kubeconfig',
          kubeconfigPath,
          '--metrics-port',
          '0',
          '--url-port',
          String(PORTS.gateway),
          '--waker-port',
          String(PORTS.waker),
          '--waker-host',
          'localhost',
          '--portal-url',
          backendUrl,
          '--pass-on-url',
          `http://127.0.0.1:${PORTS.gateway}`,
          '--secret-parameters-namespace',
          LOCAL_SECRET_PARAMETERS_NAMESPACE,
        ],
        cwd: join(repoRoot, 'packages/sandbox-operator'),
        logDir,
      }),
    );

    // The backend runs from its build, unpacked as create-app's Dockerfile
    // does; the Dockerfile's production-only install is replaced by the
    // app's node_modules one folder up, which Node finds from there.
    const bundleDir = join(appDir, 'dist-bundle');
    rmSync(bundleDir, { recursive: true, force: true });
    mkdirSync(bundleDir);
    execFileSync('tar', [
      '-xzf',
      join(appDir, 'packages/backend/dist/bundle.tar.gz'),
      '-C',
      bundleDir,
    ]);
    const localConfig = writeLocalConfig(appDir, backendUrl);
    const backend = spawnManaged({
      name: 'backend',
      command: process.execPath,
      args: [
        join(bundleDir, 'packages/backend'),
        '--config',
        join(appDir, 'app-config.yaml'),
        '--config',
        localConfig,
      ],
      cwd: join(appDir, 'packages/backend'),
      env: { NODE_ENV: 'production', SANDBOXES_CLUSTER_TOKEN: CLUSTER_TOKEN },
      logDir,
    });
    started.push(backend);
    await waitForHttp(
      `${backendUrl}/.backstage/health/v1/readiness`,
      300_000,
      backend,
    );
    return { backendUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
