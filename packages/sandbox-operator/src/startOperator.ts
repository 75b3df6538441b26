import os from 'os';
import { OperatorConfig, defaultOperatorConfig } from './config';
import {
  OperatorLogger,
  SandboxController,
} from './controller/SandboxController';
import { KubeClient } from './kube/KubeClient';
import { KubeConfigInput, loadKubeConfig } from './kube/loadKubeConfig';
import { startMetricsServer } from './metrics/metricsServer';
import { OperatorMetrics } from './metrics/OperatorMetrics';
import { HttpListener } from './runtime/HttpListener';
import { LeaderElector } from './runtime/LeaderElector';
import { SandboxDirectory } from './waker/SandboxDirectory';
import { Waker } from './waker/Waker';
import { WakerMetrics } from './waker/WakerMetrics';
import { startWakerServer } from './waker/wakerServer';

/** Options of {@link startOperator}. @public */
export interface StartOperatorOptions {
  /** A KubeConfig, kubeconfig YAML, or undefined for in-cluster / ~/.kube/config. */
  kubeConfig?: KubeConfigInput;
  config?: Partial<OperatorConfig>;
  /** Port of /metrics, /healthz, /readyz; 0 picks a free one; omit for no server. */
  metricsPort?: number;
  /**
   * Port the waker listens on (every instance serves it, leader or not);
   * 0 picks a free one; omit for no waker.
   */
  wakerPort?: number;
  /** Address of the metrics server; omitted: every IPv6 and IPv4 address (Node's default). */
  metricsHost?: string;
  logger?: OperatorLogger;
  leaderElection?: {
    leaseDurationSeconds?: number;
    renewDeadlineMs?: number;
    retryPeriodMs?: number;
  };
  /** Register Node.js process metrics too (main.ts does). */
  processMetrics?: boolean;
}

/** A running operator. @public */
export interface RunningOperator {
  /** This instance's identity in the lease. */
  readonly identity: string;
  isLeader(): boolean;
  /** Leader with synced caches, nothing queued or being reconciled. */
  isIdle(): boolean;
  /** Port of the metrics server, when started. */
  readonly metricsPort?: number;
  /** Port of the waker, when started. */
  readonly wakerPort?: number;
  readonly metrics: OperatorMetrics;
  /** Stops reconciling and releases the lease so another instance takes over at once. */
  stop(): Promise<void>;
  /** Stops without releasing the lease, as a crash would (for fault tests). */
  kill(): Promise<void>;
}

const silentLogger: OperatorLogger = {
  info() {},
  warn() {},
  error() {},
};

/**
 * Starts the sandbox operator in this process: it campaigns for the leader
 * lease and, while it holds it, watches and reconciles every Sandbox.
 *
 * @public
 */
export async function startOperator(
  options: StartOperatorOptions = {},
): Promise<RunningOperator> {
  const logger = options.logger ?? silentLogger;
  const config: OperatorConfig = {
    ...defaultOperatorConfig,
    identity: `${os.hostname()}-${process.pid}-${Math.random()
      .toString(36)
      .slice(2, 8)}`,
    ...options.config,
  };
  let controller: SandboxController | undefined;
  let controllerStopped: Promise<void> = Promise.resolve();
  let stopping = false;
  const metrics = new OperatorMetrics({
    phases: () => controller?.sandboxes.list().map(s => s.status?.phase) ?? [],
    defaultMetrics: options.processMetrics,
  });
  const kubeConfig = loadKubeConfig(options.kubeConfig);
  const onResponse = (method: string, code: number | 'error') =>
    metrics.apiRequests.inc({ method, code: String(code) });
  const client = KubeClient.fromKubeConfig(kubeConfig, { onResponse });
  // Lease calls are tried once per retry period and never outlive half the
  // renew deadline: a leader cut off from the API must notice in time.
  const renewDeadlineMs = options.leaderElection?.renewDeadlineMs ?? 10_000;
  const leaseClient = KubeClient.fromKubeConfig(kubeConfig, {
    onResponse,
    maxRetries: 0,
    requestTimeoutMs: Math.max(100, Math.floor(renewDeadlineMs / 2)),
  });

  const elector = new LeaderElector({
    client: leaseClient,
    namespace: config.leaseNamespace,
    name: config.leaseName,
    identity: config.identity,
    ...options.leaderElection,
    onStartedLeading: () => {
      if (stopping) return;
      logger.info(`${config.identity} is the leader`);
      metrics.leader.set(1);
      const started = new SandboxController({
        client,
        config,
        metrics,
        logger,
      });
      controller = started;
      // A new term starts only after the previous one has fully stopped.
      controllerStopped
        .then(() => started.start())
        .catch(error => logger.error(`controller failed to start: ${error}`));
    },
    onStoppedLeading: () => {
      logger.warn(`${config.identity} lost or gave up leadership`);
      metrics.leader.set(0);
      const stopped = controller;
      controller = undefined;
      controllerStopped = stopped ? stopped.stop() : Promise.resolve();
    },
    onError: error =>
      logger.warn(`leader election: ${(error as Error).message}`),
  });
  elector.start();

  const server =
    options.metricsPort !== undefined
      ? await startMetricsServer({
          port: options.metricsPort,
          host: options.metricsHost,
          registry: metrics.registry,
          ready: () => !elector.isLeader() || (controller?.synced ?? false),
          healthy: () =>
            !controller || controller.stalledForMs() < config.stallTimeoutMs,
        })
      : undefined;

  let directory: SandboxDirectory | undefined;
  let wakerServer: HttpListener | undefined;
  if (options.wakerPort !== undefined) {
    const onError = (error: unknown) =>
      logger.warn(`waker: ${(error as Error)?.message ?? error}`);
    directory = new SandboxDirectory({ client, onError });
    directory.start();
    wakerServer = await startWakerServer({
      port: options.wakerPort,
      waker: new Waker({
        client,
        directory,
        config,
        metrics: new WakerMetrics(metrics.registry),
        logger,
      }),
      onError,
    });
  }

  const shutDown = async (release: boolean) => {
    if (stopping) return;
    stopping = true;
    const stopped = controller;
    controller = undefined;
    await stopped?.stop();
    await controllerStopped;
    await elector.stop({ release });
    directory?.stop();
    await wakerServer?.close();
    client.close();
    leaseClient.close();
    await server?.close();
  };

  return {
    identity: config.identity,
    isLeader: () => !stopping && elector.isLeader(),
    isIdle: () => !!controller && controller.synced && controller.idle,
    metricsPort: server?.port,
    wakerPort: wakerServer?.port,
    metrics,
    stop: () => shutDown(true),
    kill: async () => {
      // Abandon the lease as a crashed process would: it simply expires.
      await shutDown(false);
    },
  };
}
