import { KubeSim, startKubeSim } from '@sandboxkit/kube-sim';
import {
  installCrds,
  RunningOperator,
  startOperator,
} from '@sandboxkit/sandbox-operator';

/** kube-sim with the CRDs and demo templates, and optionally the operator. */
export interface KubeFixture {
  sim: KubeSim;
  operator?: RunningOperator;
  /** Empties the cluster and installs the CRDs and demo templates again. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startKubeFixture(
  options: { operator?: boolean } = {},
): Promise<KubeFixture> {
  const sim = await startKubeSim({ port: 0, kubeletDelayMs: 20 });
  await installCrds(sim.kubeConfig());
  const operator = options.operator
    ? await startOperator({
        kubeConfig: sim.kubeConfig(),
        config: { resyncPeriodMs: 1000 },
      })
    : undefined;
  return {
    sim,
    operator,
    async reset() {
      await sim.reset();
      await installCrds(sim.kubeConfig());
    },
    async stop() {
      await operator?.stop();
      await sim.stop();
    },
  };
}

/** Waits until `check` passes (no fixed sleeps). */
export async function eventually<T>(
  check: () => Promise<T>,
  { timeoutMs = 15_000, intervalMs = 50 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(r => setTimeout(r, intervalMs));
    }
  }
}
