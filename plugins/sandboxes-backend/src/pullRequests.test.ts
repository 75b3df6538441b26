import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import {
  eventually,
  KubeFixture,
  startKubeFixture,
} from './__testUtils__/kubeFixture';
import { ALICE } from './__testUtils__/policyPermissions';
import { eventsAccess } from './__testUtils__/eventsAccess';
import { startSandboxesBackend } from './__testUtils__/testBackend';

jest.setTimeout(120_000);

const repository = 'https://github.com/acme/payments';

/** The repository's entity, naming the template of its pull-request sandboxes. */
const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: {
      'backstage.io/source-location': `url:${repository}/tree/main/`,
      'sandboxkit.dev/pull-request-template': 'payments-api',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
};

/** A user the GitHub org provider would have imported, with their login. */
const jane: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: {
    name: 'jane',
    namespace: 'default',
    annotations: { 'github.com/user-login': 'jane-gh' },
  },
  spec: {},
};

/**
 * A sandbox per pull request (sandboxes.pullRequests.enabled): a build of a
 * branch no sandbox follows creates one from the template the repository's
 * catalog entity names, owned by the commit's author when the catalog knows
 * them, else by the entity's owner; a `github.pull_request` `closed` event,
 * published on the real events service, deletes it from kube-sim.
 */
describe('pull-request sandboxes', () => {
  let kube: KubeFixture;
  let backend: Awaited<ReturnType<typeof startSandboxesBackend>>;
  const api = '/api/sandboxes';
  const ci = mockCredentials.service.header();
  const alice = mockCredentials.user.header(ALICE);

  const access = eventsAccess();

  const report = (branch: string, author?: string) =>
    request(backend.server)
      .post(`${api}/builds`)
      .set('Authorization', ci)
      .send({
        repository,
        branch,
        commit: 'a1b2c3d4e5f6',
        ...(author ? { author } : {}),
        images: { 'payments-api': `ghcr.io/acme/payments-api:${branch}` },
      });
  const sandbox = (name: string) =>
    request(backend.server)
      .get(`${api}/sandboxes/${name}`)
      .set('Authorization', alice);
  const kubeSandbox = async (name: string) =>
    (
      await fetch(
        `${kube.sim.url}/apis/sandboxkit.dev/v1alpha1/sandboxes/${name}`,
        { headers: { Authorization: 'Bearer test' } },
      )
    ).status;
  const kubeSandboxNames = async () => {
    const res = await fetch(
      `${kube.sim.url}/apis/sandboxkit.dev/v1alpha1/sandboxes`,
      { headers: { Authorization: 'Bearer test' } },
    );
    const { items } = (await res.json()) as {
      items: Array<{ metadata: { name: string } }>;
    };
    return items.map(i => i.metadata.name).sort();
  };
  const closePullRequest = (branch: string) =>
    access.events().publish({
      topic: 'github.pull_request',
      eventPayload: {
        action: 'closed',
        pull_request: {
          merged: true,
          head: { ref: branch, repo: { html_url: repository } },
          base: { ref: 'main', repo: { html_url: repository } },
        },
        repository: { html_url: repository },
      },
    });

  beforeAll(async () => {
    kube = await startKubeFixture();
    backend = await startSandboxesBackend({
      kubeUrl: kube.sim.url,
      sandboxes: { pullRequests: { enabled: true } },
      services: [catalogServiceMock.factory({ entities: [component, jane] })],
      features: [access.module],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await kube?.stop();
  });

  it("creates a sandbox for a branch no sandbox follows, owned by the commit's author, running the build", async () => {
    const res = await report('pr-7', 'jane-gh');
    expect(res.status).toBe(200);
    expect(res.body.updated).toHaveLength(1);
    const [name] = res.body.updated;

    const created = (await sandbox(name)).body;
    expect(created).toMatchObject({
      template: 'payments-api',
      owner: 'user:default/jane',
      entityRef: 'component:default/payments',
      follow: { repository, branch: 'pr-7' },
      images: { 'payments-api': 'ghcr.io/acme/payments-api:pr-7' },
      builds: {
        'payments-api': expect.objectContaining({ commit: 'a1b2c3d4e5f6' }),
      },
    });
    expect(await kubeSandbox(name)).toBe(200);

    // The next build of the branch moves that sandbox; no second one.
    const again = await request(backend.server)
      .post(`${api}/builds`)
      .set('Authorization', ci)
      .send({
        repository,
        branch: 'pr-7',
        commit: 'b1b2c3d4e5f6',
        images: { 'payments-api': 'ghcr.io/acme/payments-api:pr-7-2' },
      });
    expect(again.body).toEqual({ updated: [name], unchanged: [] });
  });

  it("gives the sandbox to the entity's owner when the author is not a known user", async () => {
    const res = await report('pr-8', 'stranger');
    expect(res.status).toBe(200);
    const created = (await sandbox(res.body.updated[0])).body;
    expect(created.owner).toBe('group:default/team-payments');
  });

  it('deletes the pull request sandbox when the pull request is closed, and only that one', async () => {
    const prSandbox = (await report('pr-9', 'jane-gh')).body.updated[0];
    // A sandbox someone made to follow the same branch stays.
    const mine = await request(backend.server)
      .post(`${api}/sandboxes`)
      .set('Authorization', alice)
      .send({ template: 'payments-api' });
    expect(mine.status).toBe(201);
    const follow = await request(backend.server)
      .patch(`${api}/sandboxes/${mine.body.name}`)
      .set('Authorization', alice)
      .send({ follow: { repository, branch: 'pr-9' } });
    expect(follow.status).toBe(200);

    await closePullRequest('pr-9');

    await eventually(
      async () => {
        expect(await kubeSandbox(prSandbox)).toBe(404);
        expect((await sandbox(prSandbox)).status).toBe(404);
      },
      { timeoutMs: 60_000 },
    );
    expect((await sandbox(mine.body.name)).status).toBe(200);
    expect(await kubeSandbox(mine.body.name)).toBe(200);
  });

  it('refuses a build naming a component the template lacks, creating nothing', async () => {
    const before = await kubeSandboxNames();
    const res = await request(backend.server)
      .post(`${api}/builds`)
      .set('Authorization', ci)
      .send({
        repository,
        branch: 'pr-10',
        commit: 'a1b2c3d4e5f6',
        images: { worker: 'ghcr.io/acme/worker:pr-10' },
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /^images\.worker: template 'payments-api' has no component 'worker'/,
    );
    expect(await kubeSandboxNames()).toEqual(before);
  });

  it('creates nothing for a repository whose entity names no pull-request template', async () => {
    const res = await request(backend.server)
      .post(`${api}/builds`)
      .set('Authorization', ci)
      .send({
        repository: 'https://github.com/acme/other',
        branch: 'pr-1',
        commit: 'a1b2c3d4e5f6',
        images: { api: 'ghcr.io/acme/api:1' },
      });
    expect(res.status).toBe(404);
  });
});
