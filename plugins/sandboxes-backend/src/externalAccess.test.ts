import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  eventually,
  KubeFixture,
  startKubeFixture,
} from './__testUtils__/kubeFixture';
import { clusterConfig } from './__testUtils__/testBackend';
import { sandboxesPlugin } from './plugin';

jest.setTimeout(120_000);

const repository = 'https://github.com/acme/payments';
const MAY_UPDATE = 'ci-token-may-update-sandboxes';
const MAY_READ = 'ci-token-may-only-read-sandboxes';

/**
 * CI reports builds with a static external-access token from config, as the
 * README tells operators to set up. With Backstage's real auth, httpAuth and
 * permissions services (no stand-ins): a token whose accessRestrictions
 * allow sandbox.update moves the following sandbox; one restricted to
 * sandbox.read is refused with 403 and nothing moves. Backstage decides
 * service principals by their access restrictions alone
 * (ServerPermissionClient in @backstage/plugin-permission-node).
 */
describe('POST /builds with external access tokens', () => {
  let kube: KubeFixture;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const name = 'followed-by-ci';

  const staticToken = (token: string, subject: string, permission: string) => ({
    type: 'static',
    options: { token, subject },
    accessRestrictions: [{ plugin: 'sandboxes', permission }],
  });
  const report = (token: string, tag: string) =>
    request(backend.server)
      .post('/api/sandboxes/builds')
      .set('Authorization', `Bearer ${token}`)
      .send({
        repository,
        branch: 'main',
        commit: 'c0ffee1234567',
        images: { 'payments-api': `ghcr.io/acme/payments-api:${tag}` },
      });
  const images = async () => {
    const res = await fetch(
      `${kube.sim.url}/apis/sandboxkit.dev/v1alpha1/sandboxes/${name}`,
      { headers: { Authorization: 'Bearer test' } },
    );
    return ((await res.json()) as { spec: { images?: Record<string, string> } })
      .spec.images;
  };

  beforeAll(async () => {
    kube = await startKubeFixture();
    backend = await startTestBackend({
      features: [
        sandboxesPlugin,
        authServiceFactory,
        httpAuthServiceFactory,
        permissionsServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            ...clusterConfig(kube.sim.url),
            permission: { enabled: true },
            backend: {
              auth: {
                externalAccess: [
                  staticToken(MAY_UPDATE, 'ci-deploy', 'sandbox.update'),
                  staticToken(MAY_READ, 'ci-report', 'sandbox.read'),
                ],
              },
            },
            sandboxes: { watch: { resyncMinutes: 10 } },
          },
        }),
      ],
    });
    // A sandbox following the branch, as the watch indexes it.
    const created = await fetch(
      `${kube.sim.url}/apis/sandboxkit.dev/v1alpha1/sandboxes`,
      {
        method: 'POST',
        headers: {
          Authorization: 'Bearer test',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          apiVersion: 'sandboxkit.dev/v1alpha1',
          kind: 'Sandbox',
          metadata: { name },
          spec: {
            templateRef: { name: 'payments-api' },
            owner: 'user:default/jane',
            expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
            follow: { repository, branch: 'main' },
          },
        }),
      },
    );
    if (created.status !== 201) {
      throw new Error(`Sandbox not created: ${await created.text()}`);
    }
    await eventually(
      async () => {
        // Any answer but 404 means the index knows the followed branch.
        const probe = await report(MAY_READ, 'probe');
        if (probe.status === 404) throw new Error('Not indexed yet');
      },
      { timeoutMs: 30_000 },
    );
  });

  afterAll(async () => {
    await backend?.stop();
    await kube?.stop();
  });

  it('refuses a token restricted to sandbox.read with 403, and moves nothing', async () => {
    const res = await report(MAY_READ, 'refused');
    expect(res.status).toBe(403);
    expect(await images()).toBeUndefined();
  });

  it('moves the following sandbox for a token allowed sandbox.update', async () => {
    const res = await report(MAY_UPDATE, 'moved');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ updated: [name], unchanged: [] });
    expect(await images()).toEqual({
      'payments-api': 'ghcr.io/acme/payments-api:moved',
    });
  });

  it('refuses a token no entry of externalAccess knows with 401', async () => {
    expect((await report('not-a-configured-token', 'x')).status).toBe(401);
  });
});
