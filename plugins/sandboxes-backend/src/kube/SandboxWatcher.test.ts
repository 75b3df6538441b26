import { mockServices } from '@backstage/backend-test-utils';
import { KubeSim, startKubeSim } from '@sandboxkit/kube-sim';
import { SandboxResource } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { installCrds } from '@sandboxkit/sandbox-operator';
import { eventually } from '../__testUtils__/kubeFixture';
import { KubernetesAdapter } from './KubernetesAdapter';
import { SandboxIndexHandler, SandboxWatcher } from './SandboxWatcher';

jest.setTimeout(60_000);

/** An in-memory index that remembers how often it got a full list. */
class RecordingIndex implements SandboxIndexHandler {
  readonly items = new Map<string, SandboxResource>();
  snapshots = 0;
  async onSnapshot(_cluster: string, items: SandboxResource[]) {
    this.snapshots++;
    this.items.clear();
    for (const item of items) this.items.set(item.metadata.name!, item);
  }
  async onChange(_cluster: string, resource: SandboxResource) {
    this.items.set(resource.metadata.name!, resource);
  }
  async onDelete(_cluster: string, resource: SandboxResource) {
    this.items.delete(resource.metadata.name!);
  }
}

const path = '/apis/sandboxkit.dev/v1alpha1/sandboxes';

describe('SandboxWatcher against kube-sim', () => {
  let sim: KubeSim;
  let watcher: SandboxWatcher;
  let adapter: KubernetesAdapter;
  const index = new RecordingIndex();

  async function kube(method: string, url: string, body?: object) {
    const res = await fetch(`${sim.url}${url}`, {
      method,
      headers: {
        'Content-Type':
          method === 'PATCH'
            ? 'application/merge-patch+json'
            : 'application/json',
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok)
      throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  const sandbox = (name: string) => ({
    apiVersion: 'sandboxkit.dev/v1alpha1',
    kind: 'Sandbox',
    metadata: { name },
    spec: {
      templateRef: { name: 'payments-api' },
      owner: 'user:default/alice',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    },
  });

  beforeAll(async () => {
    sim = await startKubeSim({ port: 0 });
    await installCrds(sim.kubeConfig(), { demoTemplates: false });
    adapter = new KubernetesAdapter({
      clusters: [{ name: 'local', url: sim.url, skipTLSVerify: true }],
      logger: mockServices.logger.mock(),
      requestTimeoutMs: 2000,
      maxRetries: 1,
    });
    watcher = new SandboxWatcher({
      adapter,
      handler: index,
      logger: mockServices.logger.mock(),
      resyncMs: 600_000,
    });
    watcher.start();
  });

  afterAll(async () => {
    await watcher?.stop();
    await sim?.stop();
  });

  it('lists, follows changes, relists after 410 Gone, and recovers from failing watches', async () => {
    await kube('POST', path, sandbox('first'));
    await eventually(async () => expect(index.items.has('first')).toBe(true));
    expect(adapter.health.isReachable('local')).toBe(true);
    const listsBefore = index.snapshots;

    // The stream ends; while the watcher reconnects (slowed down), a change
    // lands and history is compacted past the version it resumes from. The
    // resumed watch answers 410 Gone, and only a relist brings the change.
    sim.faults.setLatency(300);
    sim.faults.dropWatches();
    const sandboxType = sim.api.registry.lookupKind(
      'sandboxkit.dev/v1alpha1',
      'Sandbox',
    )!;
    sim.api.create(sandboxType, '', sandbox('unseen'));
    sim.faults.compactHistory();
    await eventually(async () => expect(index.items.has('unseen')).toBe(true));
    expect(index.snapshots).toBe(listsBefore + 1);
    sim.faults.setLatency(0);

    await kube('PATCH', `${path}/first`, { spec: { displayName: 'Renamed' } });
    await eventually(async () =>
      expect(index.items.get('first')?.spec.displayName).toBe('Renamed'),
    );

    // Watches fail for a while: the cluster counts as unreachable, then
    // everything that happened meanwhile arrives.
    sim.faults.failNext({ pathPattern: 'watch=true', count: 3, code: 500 });
    sim.faults.resetWatches();
    await kube('POST', path, sandbox('second'));
    await kube('DELETE', `${path}/first`);
    await eventually(async () => {
      expect([...index.items.keys()].sort()).toEqual(['second', 'unseen']);
      expect(adapter.health.isReachable('local')).toBe(true);
    });
  });
});
