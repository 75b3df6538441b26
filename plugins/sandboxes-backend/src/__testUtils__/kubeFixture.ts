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

const TEMPLATES = '/apis/sandboxkit.dev/v1alpha1/sandboxtemplates';

/**
 * Creates a SandboxTemplate named `name` from the demo template's spec as
 * `change` alters it. Call it before the backend reads templates: it caches
 * them briefly.
 */
export async function createTemplateFromDemo(
  kube: KubeFixture,
  name: string,
  change: (spec: Record<string, any>) => Record<string, any>,
): Promise<void> {
  const demo = await (
    await fetch(`${kube.sim.url}${TEMPLATES}/payments-api`)
  ).json();
  const created = await fetch(`${kube.sim.url}${TEMPLATES}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      apiVersion: 'sandboxkit.dev/v1alpha1',
      kind: 'SandboxTemplate',
      metadata: { name },
      spec: change(demo.spec),
    }),
  });
  if (created.status !== 201) {
    throw new Error(`creating template ${name}: ${await created.text()}`);
  }
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
