import { startKubeSim } from '@sandboxkit/kube-sim';
import {
  SandboxLabels,
  SandboxResource,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { installCrds } from '../installCrds';
import { RunningOperator, startOperator } from '../startOperator';
import {
  NAMESPACE,
  SANDBOX,
  clientFor,
  demoSandbox,
  waitFor,
} from './testUtils';

/** Options of {@link runSoak}. */
export interface SoakOptions {
  /** create/suspend/resume/delete operations to run. */
  operations: number;
  /** Times the operator is killed and a new one started during the run. */
  restarts: number;
  /** Share of API requests that fail (500, 503, 429, 409). Default 0.1. */
  failureRate?: number;
  /** Most sandboxes alive at once. Default 12. */
  maxSandboxes?: number;
  /** Time allowed to converge after the last operation. Default 120 s. */
  convergeTimeoutMs?: number;
  log?: (line: string) => void;
}

/** What a soak run measured. */
export interface SoakResult {
  operations: number;
  restarts: number;
  injectedFaults: number;
  watchDrops: number;
  compactions: number;
  runMs: number;
  convergeMs: number;
  sandboxesAtEnd: number;
  /** Problems found after converging; empty when everything is right. */
  problems: string[];
}

const pick = <T>(items: T[]): T =>
  items[Math.floor(Math.random() * items.length)];

/**
 * Runs create/suspend/resume/delete operations against kube-sim while a
 * share of API requests fail, watches are dropped, history is compacted and
 * the operator is killed and replaced; then, with faults off, waits for
 * everything to converge and checks it: every Sandbox in the phase its spec
 * asks for, no namespace without its Sandbox, nothing stuck deleting.
 */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const log = options.log ?? (() => {});
  const sim = await startKubeSim({
    port: 0,
    kubeletDelayMs: 5,
    historyLimit: 2_000,
  });
  await installCrds(sim.kubeConfig());
  // The users' client retries like the operator's; operations that still
  // fail are retried by the loop below, as a person would click again.
  const client = clientFor(sim.kubeConfig(), { maxRetries: 8 });
  const leaderElection = {
    leaseDurationSeconds: 2,
    renewDeadlineMs: 1_500,
    retryPeriodMs: 200,
  };
  const start = () =>
    startOperator({
      kubeConfig: sim.kubeConfig(),
      leaderElection,
      config: { workers: 4, resyncPeriodMs: 20_000 },
    });
  let operator: RunningOperator = await start();
  const intent = new Map<string, { suspend: boolean }>();
  const deleted = new Set<string>();
  let next = 0;
  let watchDrops = 0;
  let compactions = 0;
  const restartEvery = Math.max(
    1,
    Math.floor(options.operations / (options.restarts + 1)),
  );
  let restarts = 0;
  const begin = Date.now();
  sim.faults.failRate({
    rate: options.failureRate ?? 0.1,
    codes: [500, 503, 429, 409],
  });

  const attempt = async (what: string, action: () => Promise<unknown>) => {
    for (let i = 0; i < 10; i++) {
      try {
        await action();
        return;
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return;
        if (i === 9) throw new Error(`${what} kept failing: ${error}`);
      }
    }
  };

  try {
    for (let op = 1; op <= options.operations; op++) {
      const alive = [...intent.keys()];
      const kind =
        alive.length === 0 ||
        (alive.length < (options.maxSandboxes ?? 12) && Math.random() < 0.35)
          ? 'create'
          : pick(['suspend', 'resume', 'delete', 'suspend', 'resume']);
      if (kind === 'create') {
        const name = `soak-${next++}`;
        await attempt(`create ${name}`, async () => {
          try {
            await client.create(demoSandbox(name));
          } catch (error) {
            // An injected 409 is not AlreadyExists; a real one means an earlier try landed.
            if (!(await client.get(SANDBOX, name))) throw error;
          }
        });
        intent.set(name, { suspend: false });
      } else {
        const name = pick(alive);
        if (kind === 'delete') {
          await attempt(`delete ${name}`, () => client.delete(SANDBOX, name));
          intent.delete(name);
          deleted.add(name);
        } else {
          const suspend = kind === 'suspend';
          await attempt(`${kind} ${name}`, () =>
            client.mergePatch(SANDBOX, name, undefined, { spec: { suspend } }),
          );
          intent.set(name, { suspend });
        }
      }
      if (op % 25 === 0) {
        if (Math.random() < 0.5) {
          sim.faults.dropWatches();
          watchDrops++;
        } else {
          sim.faults.compactHistory();
          sim.faults.dropWatches();
          compactions++;
        }
      }
      if (op % restartEvery === 0 && restarts < options.restarts) {
        restarts++;
        // A crash: the lease is not released and must expire first.
        await operator.kill();
        operator = await start();
        log(`op ${op}: operator restarted (${restarts}/${options.restarts})`);
      }
      await new Promise(r => setTimeout(r, Math.random() * 10));
    }
    const runMs = Date.now() - begin;
    const injectedFaults = sim.faults.injectedCount;
    sim.faults.clear();
    log(
      `${options.operations} operations in ${runMs} ms; ${injectedFaults} injected failures; converging`,
    );

    const convergeStart = Date.now();
    const problems = async (): Promise<string[]> => {
      const found: string[] = [];
      const { items } = await client.list<SandboxResource>(SANDBOX);
      const byName = new Map(items.map(s => [s.metadata.name!, s]));
      for (const [name, { suspend }] of intent) {
        const s = byName.get(name);
        const want = suspend ? 'Suspended' : 'Ready';
        if (!s) found.push(`${name}: missing`);
        else if (
          s.status?.phase !== want ||
          s.status.observedGeneration !== s.metadata.generation ||
          s.status.conditions?.some(
            c => c.observedGeneration !== s.metadata.generation,
          )
        ) {
          found.push(`${name}: ${s.status?.phase} (want ${want})`);
        }
      }
      for (const name of deleted) {
        if (byName.has(name))
          found.push(`${name}: still exists (stuck deleting)`);
      }
      const { items: namespaces } = await client.list(NAMESPACE, {
        labelSelector: SandboxLabels.sandbox,
      });
      for (const ns of namespaces) {
        const owner = ns.metadata.ownerReferences?.find(
          r => r.kind === 'Sandbox',
        );
        const sandbox = owner && byName.get(owner.name);
        if (!sandbox || sandbox.metadata.uid !== owner!.uid) {
          found.push(`namespace ${ns.metadata.name}: orphaned`);
        }
      }
      return found;
    };
    let last: string[] = [];
    try {
      await waitFor(
        async () => {
          last = await problems();
          return last.length === 0;
        },
        { timeoutMs: options.convergeTimeoutMs ?? 120_000, intervalMs: 500 },
      );
    } catch {
      // reported below
    }
    return {
      operations: options.operations,
      restarts,
      injectedFaults,
      watchDrops,
      compactions,
      runMs,
      convergeMs: Date.now() - convergeStart,
      sandboxesAtEnd: intent.size,
      problems: last,
    };
  } finally {
    await operator.stop();
    client.close();
    await sim.stop();
  }
}
