import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  eventually,
  KubeFixture,
  startKubeFixture,
} from './__testUtils__/kubeFixture';
import { ALICE, BOB } from './__testUtils__/policyPermissions';
import { startSandboxesBackend } from './__testUtils__/testBackend';

jest.setTimeout(60_000);

const alice = mockCredentials.user.header(ALICE);
const bob = mockCredentials.user.header(BOB);

describe('a sandbox name taken again after deletion', () => {
  let kube: KubeFixture;
  let backend: Awaited<ReturnType<typeof startSandboxesBackend>>;
  const api = (path: string) => `/api/sandboxes/sandboxes/reused${path}`;

  beforeAll(async () => {
    kube = await startKubeFixture();
    // Reading limited to owners: each user may only see their own timeline.
    backend = await startSandboxesBackend({
      kubeUrl: kube.sim.url,
      everyoneCanRead: false,
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await kube?.stop();
  });

  it('starts with an empty timeline, and the old owner keeps theirs', async () => {
    const first = await request(backend.server)
      .post('/api/sandboxes/sandboxes')
      .set('Authorization', alice)
      .send({ template: 'payments-api', name: 'reused' })
      .expect(201);
    const firstUid: string = first.body.uid;
    expect(firstUid).toBeTruthy();
    await request(backend.server)
      .post(api('/extend'))
      .set('Authorization', alice)
      .send({ minutes: 5 })
      .expect(200);
    await request(backend.server)
      .delete(api(''))
      .set('Authorization', alice)
      .expect(204);
    await eventually(async () => {
      await request(backend.server)
        .get(api(''))
        .set('Authorization', alice)
        .expect(404);
    });

    const second = await request(backend.server)
      .post('/api/sandboxes/sandboxes')
      .set('Authorization', bob)
      .send({ template: 'payments-api', name: 'reused' })
      .expect(201);
    expect(second.body.uid).toBeTruthy();
    expect(second.body.uid).not.toBe(firstUid);

    // The new owner sees only the new sandbox's timeline.
    const bobs = await request(backend.server)
      .get(api('/activity'))
      .set('Authorization', bob)
      .expect(200);
    expect(bobs.body.items.map((e: { type: string }) => e.type)).toEqual([
      'created',
    ]);
    expect(JSON.stringify(bobs.body)).not.toContain(ALICE);

    // The old owner finds theirs through the name's history, by uid.
    const history = await request(backend.server)
      .get(api('/history'))
      .set('Authorization', alice)
      .expect(200);
    expect(history.body.items).toEqual([
      expect.objectContaining({ uid: firstUid, owner: ALICE, current: false }),
    ]);
    const alices = await request(backend.server)
      .get(api('/activity'))
      .query({ uid: firstUid })
      .set('Authorization', alice)
      .expect(200);
    expect(alices.body.items.map((e: { type: string }) => e.type)).toEqual([
      'deleted',
      'extended',
      'created',
    ]);
    // The name's current timeline is Bob's, which Alice may not read.
    await request(backend.server)
      .get(api('/activity'))
      .set('Authorization', alice)
      .expect(404);

    // Nor may Bob read Alice's: the same 404 as for an unknown uid.
    const hidden = await request(backend.server)
      .get(api('/activity'))
      .query({ uid: firstUid })
      .set('Authorization', bob)
      .expect(404);
    const unknown = await request(backend.server)
      .get(api('/activity'))
      .query({ uid: 'no-such-uid' })
      .set('Authorization', bob)
      .expect(404);
    expect(hidden.body.error.message).toBe(unknown.body.error.message);
    const bobsHistory = await request(backend.server)
      .get(api('/history'))
      .set('Authorization', bob)
      .expect(200);
    expect(bobsHistory.body.items.map((i: { uid: string }) => i.uid)).toEqual([
      second.body.uid,
    ]);
  });
});
