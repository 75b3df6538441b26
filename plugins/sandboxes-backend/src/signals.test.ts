import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  SignalPayload,
  signalsServiceRef,
} from '@backstage/plugin-signals-node';
import { SANDBOX_CHANGED_SIGNAL_CHANNEL } from '@sandboxkit/backstage-plugin-sandboxes-common';
import request from 'supertest';
import {
  eventually,
  KubeFixture,
  startKubeFixture,
} from './__testUtils__/kubeFixture';
import { ALICE } from './__testUtils__/policyPermissions';
import { startSandboxesBackend } from './__testUtils__/testBackend';

jest.setTimeout(60_000);

describe('change signals', () => {
  let kube: KubeFixture;
  let backend: Awaited<ReturnType<typeof startSandboxesBackend>>;
  const published: SignalPayload[] = [];
  const alice = mockCredentials.user.header(ALICE);

  beforeAll(async () => {
    kube = await startKubeFixture({ operator: true });
    backend = await startSandboxesBackend({
      kubeUrl: kube.sim.url,
      services: [
        createServiceFactory({
          service: signalsServiceRef,
          deps: {},
          factory: () => ({
            async publish(signal) {
              published.push(signal);
            },
          }),
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await kube?.stop();
  });

  const signalsFor = (name: string) =>
    published.filter(s => s.message.name === name);

  it('tells the owner, and only the owner, as the sandbox starts, becomes ready and is removed', async () => {
    const created = await request(backend.server)
      .post('/api/sandboxes/sandboxes')
      .set('Authorization', alice)
      .send({ template: 'payments-api' });
    expect(created.status).toBe(201);
    const name: string = created.body.name;

    await eventually(async () =>
      expect(signalsFor(name).map(s => s.message.phase)).toContain('Ready'),
    );
    for (const signal of signalsFor(name)) {
      expect(signal.channel).toBe(SANDBOX_CHANGED_SIGNAL_CHANNEL);
      expect(signal.recipients).toEqual({ type: 'user', entityRef: ALICE });
    }

    const deleted = await request(backend.server)
      .delete(`/api/sandboxes/sandboxes/${name}`)
      .set('Authorization', alice);
    expect(deleted.status).toBe(204);
    await eventually(async () =>
      expect(signalsFor(name).at(-1)?.message).toEqual({
        name,
        removed: true,
      }),
    );
  });
});
