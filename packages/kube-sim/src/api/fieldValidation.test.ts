import { startKubeSim, KubeSim } from '../startKubeSim';
import { createCrd, SANDBOX_CRD } from '../__testUtils__/testClients';

/**
 * Server-side field validation of built-in kinds against the Kubernetes
 * v1.33.0 OpenAPI schemas (kubernetes-models 4.5.1). Behaviour followed:
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
 * (Strict → 400 "strict decoding error", Warn (default) → Warning header and
 * the field dropped, Ignore → dropped silently), and for server-side apply
 * the typed patch conversion of structured-merge-diff, which refuses an
 * undeclared or wrongly typed field with a reasonless 500 whatever
 * fieldValidation says (kubernetes/kubernetes issues 122480 and 139253).
 */
describe('field validation of built-in kinds', () => {
  let sim: KubeSim;
  const deployments = () =>
    `${sim.url}/apis/apps/v1/namespaces/default/deployments`;
  const deployment = (container: Record<string, unknown> = {}) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx', ...container }] },
      },
    },
  });
  const send = async (
    method: string,
    url: string,
    body: unknown,
    contentType = 'application/json',
  ) => {
    const res = await fetch(url, {
      method,
      headers: { 'Content-Type': contentType },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      warning: res.headers.get('warning'),
      body: await res.json(),
    };
  };

  beforeAll(async () => {
    sim = await startKubeSim({ port: 0, kubeletDelayMs: 10 });
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it('refuses an unknown field under Strict with a strict decoding error', async () => {
    const res = await send(
      'POST',
      `${deployments()}?fieldValidation=Strict`,
      deployment({ bogus: true }),
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      reason: 'BadRequest',
      message:
        'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].bogus"',
    });
  });

  it('drops an unknown field with a warning by default (Warn) and silently under Ignore', async () => {
    const warned = await send('POST', deployments(), deployment({ bogus: 1 }));
    expect(warned.status).toBe(201);
    expect(warned.warning).toBe(
      '299 - "unknown field \\"spec.template.spec.containers[0].bogus\\""',
    );
    expect(warned.body.spec.template.spec.containers[0].bogus).toBeUndefined();
    const ignored = await send(
      'PUT',
      `${deployments()}/web?fieldValidation=Ignore`,
      { ...deployment({ bogus: 2 }), metadata: { name: 'web', extra: 1 } },
    );
    expect(ignored.status).toBe(200);
    expect(ignored.warning).toBeNull();
    expect(ignored.body.metadata.extra).toBeUndefined();
  });

  it('applies Strict to updates and patches too', async () => {
    await send('POST', deployments(), deployment());
    const put = await send(
      'PUT',
      `${deployments()}/web?fieldValidation=Strict`,
      {
        ...deployment(),
        spec: { ...deployment().spec, paused: false, pause: true },
      },
    );
    expect(put.status).toBe(400);
    expect(put.body.message).toContain('unknown field "spec.pause"');
    const patch = await send(
      'PATCH',
      `${deployments()}/web?fieldValidation=Strict`,
      { spec: { replica: 3 } },
      'application/merge-patch+json',
    );
    expect(patch.status).toBe(400);
    expect(patch.body.message).toContain('unknown field "spec.replica"');
  });

  it('answers a wrongly typed field with the decoder error (400)', async () => {
    const res = await send('POST', deployments(), {
      ...deployment(),
      spec: { ...deployment().spec, replicas: 'two' },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(
      /^Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field spec\.replicas of type int/,
    );
  });

  it('refuses a server-side apply of an undeclared or wrongly typed field with the typed patch error (500)', async () => {
    const apply = (body: unknown, query = '') =>
      send(
        'PATCH',
        `${deployments()}/web?fieldManager=tests${query}`,
        body,
        'application/apply-patch+yaml',
      );
    const undeclared = await apply(
      deployment({ bogus: true }),
      '&fieldValidation=Ignore',
    );
    expect(undeclared.status).toBe(500);
    expect(undeclared.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers[0].bogus: field not declared in schema',
      code: 500,
    });
    const wrongType = await apply({
      ...deployment(),
      spec: { ...deployment().spec, replicas: '2' },
    });
    expect(wrongType.status).toBe(500);
    expect(wrongType.body.message).toBe(
      'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.replicas: expected numeric (int or float), got string',
    );
    const core = await send(
      'PATCH',
      `${sim.url}/api/v1/namespaces/default/services/api?fieldManager=tests`,
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'api' },
        spec: { topologyKeys: ['*'], ports: [{ port: 80 }] },
      },
      'application/apply-patch+yaml',
    );
    expect(core.body.message).toBe(
      'failed to create typed patch object (default/api; /v1, Kind=Service): .spec.topologyKeys: field not declared in schema',
    );
    expect((await apply(deployment())).status).toBe(201);
  });

  it('refuses a server-side apply of a field a CRD schema does not declare', async () => {
    await createCrd(sim, SANDBOX_CRD);
    const res = await send(
      'PATCH',
      `${sim.url}/apis/example.dev/v1/namespaces/default/widgets/w1?fieldManager=tests`,
      {
        apiVersion: 'example.dev/v1',
        kind: 'Widget',
        metadata: { name: 'w1' },
        spec: { image: 'a', colour: 'red', extra: { free: 'form' } },
      },
      'application/apply-patch+yaml',
    );
    expect(res.status).toBe(500);
    expect(res.body.message).toBe(
      'failed to create typed patch object (default/w1; example.dev/v1, Kind=Widget): .spec.colour: field not declared in schema',
    );
  });

  it('answers missing required fields and values outside an enum with 422 causes', async () => {
    const res = await send('POST', deployments(), {
      ...deployment({
        imagePullPolicy: 'Sometimes',
        ports: [{ name: 'http' }],
      }),
      spec: {
        ...deployment({
          imagePullPolicy: 'Sometimes',
          ports: [{ name: 'http' }],
        }).spec,
        selector: undefined,
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.details.causes).toEqual(
      expect.arrayContaining([
        {
          reason: 'FieldValueRequired',
          message: 'Required value',
          field: 'spec.selector',
        },
        {
          reason: 'FieldValueRequired',
          message: 'Required value',
          field: 'spec.template.spec.containers[0].ports[0].containerPort',
        },
        {
          reason: 'FieldValueNotSupported',
          message:
            'Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
          field: 'spec.template.spec.containers[0].imagePullPolicy',
        },
      ]),
    );
  });

  it('refuses a malformed quantity as the decoder does', async () => {
    const res = await send(
      'POST',
      deployments(),
      deployment({ resources: { limits: { cpu: 'lots' } } }),
    );
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(
      'quantities must match the regular expression',
    );
  });
});
