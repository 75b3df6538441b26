import { KubeClient } from './kube/KubeClient';
import { resourceType } from './kube/resources';
import { KubeObject } from './kube/types';
import {
  DEPLOYMENT,
  OperatorOnKubeSim,
  SANDBOX,
  demoSandbox,
  startOperatorOnKubeSim,
  waitFor,
  waitForPhase,
} from './__testUtils__/testUtils';

/**
 * A change to a running sandbox (size, image, parameter) rolls out to the
 * workloads it concerns and leaves every other workload alone: same
 * generation, same pod template, same pods. Kubernetes starts new pods only
 * when a Deployment's pod template changes (a new ReplicaSet; see
 * https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#updating-a-deployment),
 * and bumps metadata.generation only on spec changes.
 */

jest.setTimeout(60_000);

const POD = resourceType('v1', 'Pod');

type Workload = KubeObject & {
  spec: { replicas: number; template: any };
};

let cluster: OperatorOnKubeSim;
let client: KubeClient;

beforeAll(async () => {
  cluster = await startOperatorOnKubeSim();
  client = cluster.client;
});

afterAll(() => cluster?.stop());

/** What identifies a running workload: generation, pod template and pods. */
async function snapshot(ns: string, name: string) {
  const workload = (await client.get<Workload>(DEPLOYMENT, name, ns))!;
  const { items } = await client.list(POD, {
    namespace: ns,
    labelSelector: `app=${name}`,
  });
  const running = items.filter(p => !p.metadata.deletionTimestamp);
  return {
    generation: workload.metadata.generation,
    template: workload.spec.template,
    replicas: workload.spec.replicas,
    pods: running.map(p => p.metadata.name).sort(),
  };
}

async function changeAndWait(name: string, spec: Record<string, unknown>) {
  const before = (await client.get<KubeObject>(SANDBOX, name))!;
  await client.mergePatch(SANDBOX, name, undefined, { spec });
  const generation = before.metadata.generation! + 1;
  await waitFor(
    async () => {
      const sandbox = await waitForPhase(client, name, 'Ready');
      return sandbox.status?.observedGeneration === generation;
    },
    { what: `${name} to be Ready at generation ${generation}` },
  );
  await waitFor(() => cluster.operator.isIdle(), {
    what: 'the operator to settle',
  });
  await settled(`sandbox-${name}`);
}

/** Every Deployment runs exactly its replicas (old pods of a rollout gone). */
async function settled(ns: string) {
  await waitFor(
    async () => {
      for (const workload of ['payments-api', 'webhook-sink']) {
        const { replicas, pods } = await snapshot(ns, workload);
        if (pods.length !== replicas) return false;
      }
      return true;
    },
    { what: `the Deployments of ${ns} to settle` },
  );
}

describe('rolling out a change to a running sandbox', () => {
  const name = 'rollout-1';
  const ns = `sandbox-${name}`;

  beforeAll(async () => {
    await client.create(demoSandbox(name, { size: 'small' }));
    await waitForPhase(client, name, 'Ready');
    await waitFor(() => cluster.operator.isIdle(), {
      what: 'the operator to settle',
    });
    await settled(ns);
  });

  it('a larger size changes only the Deployment whose size differs', async () => {
    const sinkBefore = await snapshot(ns, 'webhook-sink');
    const apiBefore = await snapshot(ns, 'payments-api');
    // medium differs from small only for payments-api (see payments-api.yaml).
    await changeAndWait(name, { size: 'medium' });
    const api = await snapshot(ns, 'payments-api');
    expect(api.replicas).toBe(2);
    expect(api.generation).toBeGreaterThan(apiBefore.generation!);
    expect(api.template.spec.containers[0].resources.requests.cpu).toBe('250m');
    expect(await snapshot(ns, 'webhook-sink')).toEqual(sinkBefore);
  });

  it('a new image of one component rolls that component only', async () => {
    const apiBefore = await snapshot(ns, 'payments-api');
    const sinkBefore = await snapshot(ns, 'webhook-sink');
    await changeAndWait(name, {
      images: { 'webhook-sink': 'docker.io/mendhak/http-https-echo:32' },
    });
    const sink = await snapshot(ns, 'webhook-sink');
    expect(sink.template.spec.containers[0].image).toBe(
      'docker.io/mendhak/http-https-echo:32',
    );
    expect(sink.generation).toBe(sinkBefore.generation! + 1);
    await waitFor(
      async () => {
        const pods = (await snapshot(ns, 'webhook-sink')).pods;
        return pods.every(p => !sinkBefore.pods.includes(p));
      },
      { what: 'webhook-sink pods to be replaced' },
    );
    expect(await snapshot(ns, 'payments-api')).toEqual(apiBefore);
  });

  it('a parameter read through a ConfigMap restarts the workloads reading it, no others', async () => {
    const apiBefore = await snapshot(ns, 'payments-api');
    const sinkBefore = await snapshot(ns, 'webhook-sink');
    // logLevel reaches payments-api only through the payments-config ConfigMap.
    await changeAndWait(name, { parameters: { logLevel: 'debug' } });
    const api = await snapshot(ns, 'payments-api');
    expect(api.generation).toBe(apiBefore.generation! + 1);
    expect(api.template.spec.containers[0].env).toEqual(
      apiBefore.template.spec.containers[0].env,
    );
    expect(
      api.template.metadata.annotations['sandboxkit.dev/config-checksum'],
    ).not.toBe(
      apiBefore.template.metadata.annotations['sandboxkit.dev/config-checksum'],
    );
    expect(await snapshot(ns, 'webhook-sink')).toEqual(sinkBefore);
  });
});
