import { KubeSim, startKubeSim } from '@sandboxkit/kube-sim';
import { SandboxResource } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { installCrds } from '../installCrds';
import { KubeClient } from '../kube/KubeClient';
import { loadKubeConfig } from '../kube/loadKubeConfig';
import { resourceType } from '../kube/resources';
import { KubeObject } from '../kube/types';
import { RunningOperator, startOperator } from '../startOperator';

/** Helpers shared by the operator's integration tests, scripts and benchmarks. */

export const SANDBOX = resourceType('sandboxkit.dev/v1alpha1', 'Sandbox');
export const TEMPLATE = resourceType(
  'sandboxkit.dev/v1alpha1',
  'SandboxTemplate',
);
export const NAMESPACE = resourceType('v1', 'Namespace');
export const DEPLOYMENT = resourceType('apps/v1', 'Deployment');

export function clientFor(
  kubeConfigYaml: string,
  options: { maxRetries?: number } = {},
) {
  return KubeClient.fromKubeConfig(loadKubeConfig(kubeConfigYaml), options);
}

/** Polls until check returns a value other than undefined/false. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${options.what ?? 'condition'}${
          lastError ? `: ${lastError}` : ''
        }`,
      );
    }
    await new Promise(r => setTimeout(r, options.intervalMs ?? 50));
  }
}

/** A Sandbox of the payments-api demo template. */
export function demoSandbox(
  name: string,
  spec: Partial<SandboxResource['spec']> = {},
  template = 'payments-api',
): KubeObject {
  return {
    apiVersion: 'sandboxkit.dev/v1alpha1',
    kind: 'Sandbox',
    metadata: { name },
    spec: {
      templateRef: { name: template },
      owner: 'user:default/jane',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      ...spec,
    },
  };
}

/** Reads a Sandbox, undefined when it does not exist. */
export function getSandbox(client: KubeClient, name: string) {
  return client.get<SandboxResource>(SANDBOX, name);
}

/** Waits for a phase and returns the Sandbox. */
export function waitForPhase(
  client: KubeClient,
  name: string,
  phase: string,
  timeoutMs = 15_000,
): Promise<SandboxResource> {
  return waitFor(
    async () => {
      const sandbox = await getSandbox(client, name);
      return sandbox?.status?.phase === phase &&
        sandbox.status.observedGeneration === sandbox.metadata.generation
        ? sandbox
        : undefined;
    },
    { timeoutMs, what: `${name} to be ${phase}` },
  );
}

/** kube-sim with the CRDs and demo templates, a client, and an operator leading it. */
export interface OperatorOnKubeSim {
  sim: KubeSim;
  client: KubeClient;
  operator: RunningOperator;
  /** What the operator logged as warnings or errors: retries that should not happen. */
  warnings: string[];
  /** Every line the operator logged, at any level, with its metadata as JSON. */
  logs: string[];
  stop(): Promise<void>;
}

/** Starts kube-sim and an operator, and waits until it leads with its caches synced. */
export async function startOperatorOnKubeSim(): Promise<OperatorOnKubeSim> {
  const sim = await startKubeSim({ port: 0, kubeletDelayMs: 10 });
  await installCrds(sim.kubeConfig());
  const client = clientFor(sim.kubeConfig());
  const warnings: string[] = [];
  const logs: string[] = [];
  const log = (message: string, meta?: Record<string, unknown>) =>
    logs.push(`${message} ${JSON.stringify(meta ?? {})}`);
  const warn = (message: string, meta?: Record<string, unknown>) => {
    warnings.push(message);
    log(message, meta);
  };
  const operator = await startOperator({
    kubeConfig: sim.kubeConfig(),
    leaderElection: { retryPeriodMs: 100 },
    metricsPort: 0,
    logger: { info: log, warn, error: warn },
  });
  await waitFor(() => operator.isIdle(), { what: 'the operator to lead' });
  return {
    sim,
    client,
    operator,
    warnings,
    logs,
    async stop() {
      await operator.stop();
      client.close();
      await sim.stop();
    },
  };
}
