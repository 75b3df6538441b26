import { mockServices } from '@backstage/backend-test-utils';
import { KubeSim, startKubeSim } from '@sandboxkit/kube-sim';
import {
  SANDBOX_API_GROUP_VERSION,
  SandboxResource,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { installCrds } from '@sandboxkit/sandbox-operator';
import { KubernetesAdapter } from './KubernetesAdapter';

jest.setTimeout(30_000);

const sandbox = (name: string): SandboxResource => ({
  apiVersion: SANDBOX_API_GROUP_VERSION,
  kind: 'Sandbox',
  metadata: { name },
  spec: {
    templateRef: { name: 'payments-api' },
    owner: 'user:default/alice',
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  },
});

describe('KubernetesAdapter', () => {
  let sim: KubeSim;
  let adapter: KubernetesAdapter;

  beforeAll(async () => {
    sim = await startKubeSim({ port: 0 });
    await installCrds(sim.kubeConfig(), { demoTemplates: false });
    adapter = new KubernetesAdapter({
      clusters: [{ name: 'local', url: sim.url, skipTLSVerify: true }],
      logger: mockServices.logger.mock(),
      requestTimeoutMs: 2000,
      maxRetries: 3,
    });
  });

  afterEach(() => sim.faults.clear());
  afterAll(() => sim?.stop());

  it('retries safe calls on 429 (honouring Retry-After) and 5xx', async () => {
    await adapter.createSandbox('local', sandbox('retry-me'));
    sim.faults.failNext({
      method: 'GET',
      pathPattern: '/sandboxes/retry-me',
      code: 429,
      retryAfterSeconds: 1,
      count: 1,
    });
    sim.faults.failNext({
      method: 'GET',
      pathPattern: '/sandboxes/retry-me',
      code: 503,
      count: 1,
    });
    const started = Date.now();
    const read = await adapter.getSandbox('local', 'retry-me');
    expect(read.metadata.name).toBe('retry-me');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(sim.faults.injectedCount).toBeGreaterThanOrEqual(2);
  });

  it('does not retry a create on a server error, and answers 503 with a clear message', async () => {
    sim.faults.failNext({ method: 'POST', code: 500, count: 1 });
    await expect(
      adapter.createSandbox('local', sandbox('not-twice')),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringMatching(
        /Cluster 'local' cannot be reached right now \(HTTP 500/,
      ),
    });
    await expect(
      adapter.getSandbox('local', 'not-twice'),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('surfaces conflicts and validation failures as typed errors', async () => {
    await adapter.createSandbox('local', sandbox('exists'));
    await expect(
      adapter.createSandbox('local', sandbox('exists')),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    const invalid = {
      ...sandbox('bad'),
      spec: { owner: 'user:default/alice' },
    } as unknown as SandboxResource;
    await expect(adapter.createSandbox('local', invalid)).rejects.toMatchObject(
      {
        name: 'InputError',
        message: expect.stringMatching(/spec\./),
      },
    );
  });

  it('applies merge patches and reports a deleted sandbox once', async () => {
    await adapter.createSandbox('local', sandbox('patch-me'));
    const patched = await adapter.patchSandbox('local', 'patch-me', {
      spec: { suspend: true },
    });
    expect(patched.spec.suspend).toBe(true);
    expect(patched.spec.owner).toBe('user:default/alice');
    expect(await adapter.deleteSandbox('local', 'patch-me')).toBe(true);
    expect(await adapter.deleteSandbox('local', 'patch-me')).toBe(false);
  });
});
