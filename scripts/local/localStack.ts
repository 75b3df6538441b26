import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import {
  ManagedProcess,
  spawnManaged,
  stopManaged,
  waitForHttp,
} from './processes';
import {
  bootstrapCluster,
  LOCAL_SECRET_PARAMETERS_NAMESPACE,
} from './bootstrapCluster';
import { buildOperatorBundle } from '../../packages/sandbox-operator/scripts/bundle';
import { KubeClient } from '../../packages/sandbox-operator/src/kube/KubeClient';
import { loadKubeConfigFile } from '../../packages/sandbox-operator/src/kube/loadKubeConfig';
import {
  IngressGateway,
  startIngressGateway,
} from '../../packages/sandbox-operator/src/localGateway/ingressGateway';

export const REPO_ROOT = resolve(__dirname, '../..');
const NODE_TRANSFORM = require.resolve(
  '@backstage/cli/config/nodeTransform.cjs',
);
const BACKSTAGE_CLI = require.resolve('@backstage/cli/bin/backstage-cli');

/**
 * How the frontend is served: by the webpack dev server on its own port
 * (hot reload, for working on the product), as the production bundle
 * served by the backend's app plugin (the browser tests), or not at all
 * (benchmarks of the API and the wake path).
 */
export type AppMode = 'dev' | 'built' | 'none';

export interface LocalStackOptions {
  ports: {
    kubeSim: number;
    backend: number;
    app: number;
    /** The local ingress gateway: sandbox endpoints are http://<host>:<gateway>/. */
    gateway: number;
    /** The operator's waker, which the gateway routes sleeping sandboxes to. */
    waker: number;
    prometheus: number;
  };
  /** The autoscaler's idle window: short enough to watch locally. */
  idleWindowMinutes: number;
  appMode: AppMode;
  /** Where the kubeconfig, kube-sim state, SQLite files and generated config go. */
  stateDir: string;
  /** Keep the cluster's objects across restarts (kube-sim --state). */
  persistCluster: boolean;
  /** Log each process to a file in this folder instead of the terminal. */
  logDir?: string;
  /** Simulated pod start-up time. */
  kubeletDelayMs: number;
  say?: (message: string) => void;
}

export interface LocalStack {
  appUrl: string;
  backendUrl: string;
  kubeSimUrl: string;
  kubeconfigPath: string;
  gatewayUrl: string;
  /** Where Prometheus answers, when it runs. */
  prometheusUrl?: string;
  /** Why the autoscaler is paused (no Prometheus), or undefined when it runs. */
  autoscalerPaused?: string;
  /** The state folder it was started with (local repositories live in <stateDir>/repositories). */
  stateDir: string;
  stop(): Promise<void>;
}

/** The portal's address as browsers see it. */
function portalUrlOf(options: LocalStackOptions): string {
  return options.appMode === 'dev'
    ? `http://localhost:${options.ports.app}`
    : `http://localhost:${options.ports.backend}`;
}

function nodeScript(file: string, args: string[]): string[] {
  return ['--require', NODE_TRANSFORM, file, ...args];
}

/** The Prometheus binary on PATH (Debian's package puts it in /usr/bin), if any. */
function findPrometheus(): string | undefined {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .map(dir => join(dir, 'prometheus'))
    .find(file => existsSync(file));
}

function writeGeneratedConfig(
  options: LocalStackOptions,
  local: { gateway: IngressGateway; prometheusUrl?: string },
): string {
  const { ports, stateDir } = options;
  const backendUrl = `http://localhost:${ports.backend}`;
  const appUrl = portalUrlOf(options);
  const config = {
    app: { baseUrl: appUrl },
    backend: {
      baseUrl: backendUrl,
      listen: { port: ports.backend },
      cors: { origin: appUrl },
      database: {
        client: 'better-sqlite3',
        connection: { directory: join(stateDir, 'sqlite') },
      },
    },
    scaffolder: {
      sandboxes: { localRepositoriesDirectory: join(stateDir, 'repositories') },
    },
    sandboxes: {
      secretParameters: { namespace: LOCAL_SECRET_PARAMETERS_NAMESPACE },
      links: {
        // The gateway's log of requests to the sandbox, and their graph.
        logs: `${local.gateway.url}/requests?namespace={{namespace}}`,
        ...(local.prometheusUrl
          ? {
              metrics: `${
                local.prometheusUrl
              }/graph?g0.expr=${encodeURIComponent(
                'sum(rate(nginx_ingress_controller_requests{namespace="',
              )}{{namespace}}${encodeURIComponent(
                '"}[1m]))',
              )}&g0.tab=0&g0.range_input=1h`,
            }
          : {}),
      },
      autoscaler: {
        frequency: { seconds: 20 },
        idleWindowMinutes: options.idleWindowMinutes,
        startupGraceMinutes: 1,
        warnBeforeMinutes: 1,
        ...(local.prometheusUrl
          ? {
              prometheus: { url: local.prometheusUrl, preset: 'ingress-nginx' },
            }
          : {}),
      },
    },
    catalog: {
      locations: [
        { type: 'file', target: join(REPO_ROOT, 'catalog-info.yaml') },
        {
          type: 'file',
          target: join(stateDir, 'repositories/*/catalog-info.yaml'),
          rules: [{ allow: ['Component'] }],
        },
      ],
    },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'local',
              url: `http://127.0.0.1:${ports.kubeSim}`,
              authProvider: 'serviceAccount',
              serviceAccountToken: 'kube-sim-local',
              skipTLSVerify: true,
              skipMetricsLookup: true,
            },
          ],
        },
      ],
    },
  };
  mkdirSync(join(stateDir, 'sqlite'), { recursive: true });
  const path = join(stateDir, 'app-config.local-stack.json');
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

/**
 * Starts kube-sim, installs the sandbox CRDs, the demo template and the
 * demo application into it, then starts the operator, the backend and the
 * app. Everything stops again when `stop()` is called.
 */
export async function startLocalStack(
  options: LocalStackOptions,
): Promise<LocalStack> {
  const say = options.say ?? (() => {});
  const { ports, stateDir, logDir } = options;
  mkdirSync(stateDir, { recursive: true });
  if (logDir) mkdirSync(logDir, { recursive: true });
  const started: ManagedProcess[] = [];
  /** In-process parts (the gateway), stopped before the cluster they read. */
  const stoppers: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const stopPart of stoppers) await stopPart();
    for (const managed of [...started].reverse()) {
      await stopManaged(managed);
    }
  };

  try {
    const kubeconfigPath = join(stateDir, 'kubeconfig.yaml');
    const kubeSimUrl = `http://127.0.0.1:${ports.kubeSim}`;
    say(`Starting kube-sim on ${kubeSimUrl}`);
    const kubeSim = spawnManaged({
      name: 'kube-sim',
      command: process.execPath,
      args: nodeScript(join(REPO_ROOT, 'packages/kube-sim/src/cli.ts'), [
        '--port',
        String(ports.kubeSim),
        '--kubeconfig',
        kubeconfigPath,
        '--kubelet-delay-ms',
        String(options.kubeletDelayMs),
        ...(options.persistCluster
          ? ['--state', join(stateDir, 'kube-sim-state.json')]
          : []),
      ]),
      cwd: join(REPO_ROOT, 'packages/kube-sim'),
      logDir,
    });
    started.push(kubeSim);
    await waitForHttp(`${kubeSimUrl}/version`, 30_000, kubeSim);

    say(
      'Installing the sandbox CRDs, the demo template and the demo application',
    );
    await bootstrapCluster(readFileSync(kubeconfigPath, 'utf8'));

    const gatewayClient = KubeClient.fromKubeConfig(
      loadKubeConfigFile(kubeconfigPath),
    );
    const gateway = await startIngressGateway({
      client: gatewayClient,
      port: ports.gateway,
      onError: message => say(message),
    }).catch(error => {
      gatewayClient.close();
      throw error;
    });
    stoppers.push(async () => {
      await gateway.stop();
      gatewayClient.close();
    });
    say(
      `Sandbox endpoints are served by the local ingress gateway on ${gateway.url} (http://<endpoint>-<sandbox>.sandbox.localhost:${ports.gateway}/)`,
    );

    let prometheusUrl: string | undefined;
    let autoscalerPaused: string | undefined;
    const prometheusBinary = findPrometheus();
    if (prometheusBinary) {
      prometheusUrl = `http://127.0.0.1:${ports.prometheus}`;
      const dir = join(stateDir, 'prometheus');
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'prometheus.yml'),
        JSON.stringify({
          global: { scrape_interval: '5s', evaluation_interval: '5s' },
          scrape_configs: [
            {
              job_name: 'local-ingress-gateway',
              static_configs: [{ targets: [`127.0.0.1:${gateway.port}`] }],
            },
          ],
        }),
      );
      say(`Starting Prometheus on ${prometheusUrl} (scrapes the gateway)`);
      const prometheus = spawnManaged({
        name: 'prometheus',
        command: prometheusBinary,
        args: [
          `--config.file=${join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${ports.prometheus}`,
        ],
        cwd: dir,
        logDir,
      });
      started.push(prometheus);
      await waitForHttp(`${prometheusUrl}/-/ready`, 30_000, prometheus);
    } else {
      autoscalerPaused =
        'Prometheus is not installed (Debian: apt-get install --no-install-recommends prometheus), so the autoscaler has no metrics source and is paused: sandboxes sleep only when put to sleep by hand, and still wake on their first request.';
      say(autoscalerPaused);
    }

    // The operator runs as it ships, bundled (about 1 s to build): through
    // the TypeScript transform it needs a third more memory at 10,000 sandboxes.
    say('Bundling and starting the sandbox operator');
    const operatorBundle = join(stateDir, 'operator', 'sandbox-operator.cjs');
    buildOperatorBundle(
      join(REPO_ROOT, 'packages/sandbox-operator/src/main.ts'),
      operatorBundle,
    );
    const operator = spawnManaged({
      name: 'operator',
      command: process.execPath,
      args: [
        '--enable-source-maps',
        operatorBundle,
        '--kubeconfig',
        kubeconfigPath,
        '--metrics-port',
        '0',
        '--url-port',
        String(ports.gateway),
        '--waker-port',
        String(ports.waker),
        // The gateway proxies the waker's ExternalName Service to this name.
        '--waker-host',
        'localhost',
        '--portal-url',
        portalUrlOf(options),
        '--pass-on-url',
        gateway.url,
        '--secret-parameters-namespace',
        LOCAL_SECRET_PARAMETERS_NAMESPACE,
      ],
      cwd: join(REPO_ROOT, 'packages/sandbox-operator'),
      logDir,
    });
    started.push(operator);

    const configPath = writeGeneratedConfig(options, {
      gateway,
      prometheusUrl,
    });
    const configArgs = [
      '--config',
      join(REPO_ROOT, 'app-config.yaml'),
      '--config',
      configPath,
    ];
    const backendUrl = `http://localhost:${ports.backend}`;
    say(`Starting the backend on ${backendUrl}`);
    const backend = spawnManaged({
      name: 'backend',
      command: process.execPath,
      args: nodeScript(
        join(REPO_ROOT, 'packages/backend/src/index.ts'),
        configArgs,
      ),
      cwd: join(REPO_ROOT, 'packages/backend'),
      env: { NODE_ENV: 'development' },
      logDir,
    });
    started.push(backend);

    let appUrl = backendUrl;
    if (options.appMode === 'dev') {
      appUrl = `http://localhost:${ports.app}`;
      say(`Starting the app's dev server on ${appUrl}`);
      started.push(
        spawnManaged({
          name: 'app',
          command: process.execPath,
          args: [BACKSTAGE_CLI, 'package', 'start', ...configArgs],
          cwd: join(REPO_ROOT, 'packages/app'),
          env: { BROWSER: 'none', PORT: String(ports.app) },
          logDir,
        }),
      );
    } else if (
      options.appMode === 'built' &&
      !existsSync(join(REPO_ROOT, 'packages/app/dist/index.html'))
    ) {
      throw new Error(
        'packages/app/dist is missing: build the app first (yarn workspace app build)',
      );
    }

    await waitForHttp(
      `${backendUrl}/.backstage/health/v1/readiness`,
      180_000,
      backend,
    );
    await waitForHttp(appUrl, 300_000, started[started.length - 1]);
    return {
      appUrl,
      backendUrl,
      kubeSimUrl,
      kubeconfigPath,
      gatewayUrl: gateway.url,
      prometheusUrl,
      autoscalerPaused,
      stateDir,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
