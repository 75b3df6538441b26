import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  NotificationService,
  notificationService,
} from '@backstage/plugin-notifications-node';
import request from 'supertest';
import { KubeFixture, startKubeFixture } from './__testUtils__/kubeFixture';
import { ALICE } from './__testUtils__/policyPermissions';
import { startSandboxesBackend } from './__testUtils__/testBackend';
import { EXPIRY_WARNER_TASK_ID } from './services/ExpiryWarner';

jest.setTimeout(60_000);

type SentNotification = Parameters<NotificationService['send']>[0];

describe('expiry warnings in the plugin', () => {
  let kube: KubeFixture;
  let backend: Awaited<ReturnType<typeof startSandboxesBackend>>;
  const sent: SentNotification[] = [];
  // Tasks run only when the test triggers them.
  const scheduler = mockServices.scheduler();
  const alice = mockCredentials.user.header(ALICE);

  beforeAll(async () => {
    kube = await startKubeFixture();
    backend = await startSandboxesBackend({
      kubeUrl: kube.sim.url,
      services: [
        createServiceFactory({
          service: coreServices.scheduler,
          deps: {},
          factory: () => scheduler,
        }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({
            async send(notification: SentNotification) {
              sent.push(notification);
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

  it('warns the owner of a sandbox about to expire through the notifications service, with a link to it', async () => {
    const created = await request(backend.server)
      .post('/api/sandboxes/sandboxes')
      .set('Authorization', alice)
      .send({ template: 'payments-api', ttlMinutes: 10 });
    expect(created.status).toBe(201);
    const name: string = created.body.name;

    await scheduler.triggerTask(EXPIRY_WARNER_TASK_ID);
    await scheduler.triggerTask(EXPIRY_WARNER_TASK_ID);

    const activity = await request(backend.server)
      .get(`/api/sandboxes/sandboxes/${name}/activity`)
      .set('Authorization', alice);
    const warnings = activity.body.items.filter(
      (e: { type: string }) => e.type === 'expiry-warning',
    );
    expect(warnings).toEqual([
      expect.objectContaining({
        actor: 'system',
        message: expect.stringMatching(
          /^Expires in (9|10) minutes — extend it to keep it$/,
        ),
      }),
    ]);
    expect(sent).toEqual([
      {
        recipients: { type: 'entity', entityRef: ALICE },
        payload: expect.objectContaining({
          link: `/sandboxes/${name}`,
          description: warnings[0].message,
        }),
      },
    ]);
  });
});
