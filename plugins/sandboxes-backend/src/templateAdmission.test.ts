import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  createTemplateFromDemo,
  eventually,
  KubeFixture,
  startKubeFixture,
} from './__testUtils__/kubeFixture';
import { ALICE } from './__testUtils__/policyPermissions';
import { startSandboxesBackend } from './__testUtils__/testBackend';

jest.setTimeout(60_000);

const TEMPLATES = '/apis/sandboxkit.dev/v1alpha1/sandboxtemplates';

/**
 * A template the operator's dry run found invalid (its Valid condition) is
 * refused through the HTTP API with that message: the operator runs against
 * kube-sim, whose refusal of a wrongly typed field is a real API server's.
 */
describe('creating from a template the operator marked not valid', () => {
  let kube: KubeFixture;
  let backend: Awaited<ReturnType<typeof startSandboxesBackend>>;
  const alice = mockCredentials.user.header(ALICE);

  beforeAll(async () => {
    kube = await startKubeFixture({ operator: true });
    await createTemplateFromDemo(kube, 'broken-port', spec => {
      const service = spec.resources.find(
        (r: { name: string }) => r.name === 'payments-api-service',
      ).template;
      service.spec.ports[0].port = 'eighty';
      return spec;
    });
    // The operator's verdict is on the template before the backend reads it
    // (the backend caches templates briefly).
    await eventually(async () => {
      const template = await (
        await fetch(`${kube.sim.url}${TEMPLATES}/broken-port`)
      ).json();
      const valid = template.status?.conditions?.find(
        (c: { type: string }) => c.type === 'Valid',
      );
      if (valid?.status !== 'False') throw new Error('not checked yet');
    });
    backend = await startSandboxesBackend({ kubeUrl: kube.sim.url });
  });

  afterAll(async () => {
    await backend?.stop();
    await kube?.stop();
  });

  it('lists the template with the refusal as its problem, and the valid demo without', async () => {
    const res = await request(backend.server)
      .get('/api/sandboxes/templates')
      .set('Authorization', alice);
    expect(res.status).toBe(200);
    const byName = new Map(
      res.body.items.map((t: { name: string; problems: string[] }) => [
        t.name,
        t.problems,
      ]),
    );
    expect(byName.get('payments-api')).toEqual([]);
    expect(byName.get('broken-port')).toEqual([
      expect.stringMatching(
        /^Service payments-api \(spec\.resources\[payments-api-service\]\) was refused by the API server: .*\.spec\.ports\[0\]\.port/,
      ),
    ]);
  });

  it('refuses to create from it with 422 and the message, creating nothing', async () => {
    const res = await request(backend.server)
      .post('/api/sandboxes/sandboxes')
      .set('Authorization', alice)
      .send({
        template: 'broken-port',
        ttlMinutes: 60,
        parameters: { currency: 'USD' },
      });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(
      /^template: 'broken-port' is not valid, ask its owner to fix it: Service payments-api \(spec\.resources\[payments-api-service\]\) was refused by the API server: .*\.spec\.ports\[0\]\.port/,
    );
    const sandboxes = await (
      await fetch(`${kube.sim.url}/apis/sandboxkit.dev/v1alpha1/sandboxes`)
    ).json();
    expect(sandboxes.items).toEqual([]);
  });
});
