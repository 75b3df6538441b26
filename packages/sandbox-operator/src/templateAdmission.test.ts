import {
  Condition,
  SandboxLabels,
  SandboxTemplateResource,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { KubeClient } from './kube/KubeClient';
import { resourceType } from './kube/resources';
import {
  NAMESPACE,
  OperatorOnKubeSim,
  TEMPLATE,
  startOperatorOnKubeSim,
  waitFor,
} from './__testUtils__/testUtils';

jest.setTimeout(60_000);

/**
 * Template admission through the real client against kube-sim, whose
 * refusals follow the API server's (wrong types and unknown fields under
 * fieldValidation=Strict, see kube-sim's fieldValidation.test.ts): nothing
 * here fakes a refusal.
 */

let cluster: OperatorOnKubeSim;
let client: KubeClient;

beforeAll(async () => {
  cluster = await startOperatorOnKubeSim();
  client = cluster.client;
});

afterAll(() => cluster?.stop());

const getTemplate = (name: string) =>
  client.get<SandboxTemplateResource>(TEMPLATE, name);

/** The Valid condition once it has observed the template's current generation. */
function validFor(name: string): Promise<Condition> {
  return waitFor(
    async () => {
      const template = await getTemplate(name);
      const valid = template?.status?.conditions?.find(c => c.type === 'Valid');
      return valid?.observedGeneration === template?.metadata.generation
        ? valid
        : undefined;
    },
    { what: `template ${name} to be checked` },
  );
}

async function copyOfDemo(
  name: string,
  mutate: (spec: any) => void,
): Promise<void> {
  const spec = structuredClone((await getTemplate('payments-api'))!.spec);
  mutate(spec);
  await client.create({
    apiVersion: 'sandboxkit.dev/v1alpha1',
    kind: 'SandboxTemplate',
    metadata: { name },
    spec: spec as unknown as Record<string, unknown>,
  });
}

const resourceNamed = (spec: any, name: string) =>
  spec.resources.find((r: any) => r.name === name).template;

const patches = async () =>
  (await cluster.operator.metrics.apiRequests.get()).values
    .filter(v => v.labels.method === 'PATCH')
    .reduce((sum, v) => sum + v.value, 0);

describe('template admission', () => {
  it('marks a template whose objects pass a strict dry run Valid, with observedGeneration', async () => {
    const valid = await validFor('payments-api');
    expect(valid).toMatchObject({ status: 'True', reason: 'DryRunPassed' });
    expect(valid.message).toMatch(/sizes small, medium, large/);
    // The dry runs went to the operator's own namespace and stored nothing.
    const scratch = await client.get(NAMESPACE, 'sandbox-operator-dry-run');
    expect(scratch?.metadata.labels?.[SandboxLabels.managedBy]).toBe(
      'sandbox-operator',
    );
    for (const [apiVersion, kind] of [
      ['apps/v1', 'Deployment'],
      ['v1', 'Service'],
      ['v1', 'ConfigMap'],
      ['batch/v1', 'Job'],
    ]) {
      const { items } = await client.list(resourceType(apiVersion, kind), {
        namespace: 'sandbox-operator-dry-run',
        labelSelector: SandboxLabels.sandbox,
      });
      expect(items).toEqual([]);
    }
  });

  it.each([
    [
      'a wrongly typed field',
      'admit-typed',
      (spec: any) => {
        resourceNamed(spec, 'payments-api-service').spec.ports[0].port =
          'eighty';
      },
      /Service payments-api \(spec\.resources\[payments-api-service\]\) was refused by the API server: .*\.spec\.ports\[0\]\.port/,
    ],
    [
      'an unknown field',
      'admit-unknown',
      (spec: any) => {
        resourceNamed(spec, 'webhook-sink').spec.replicaz = 2;
      },
      /Deployment webhook-sink \(spec\.resources\[webhook-sink\]\) was refused by the API server: .*spec\.replicaz/,
    ],
  ])(
    'marks a template with %s Valid=False, naming object, template field and the server message',
    async (_what, name, mutate, message) => {
      await copyOfDemo(name, mutate);
      const valid = await validFor(name);
      expect(valid).toMatchObject({ status: 'False', reason: 'ObjectRefused' });
      expect(valid.message).toMatch(message);
      // A refusal is the verdict, not a failure to retry.
      expect(cluster.warnings.filter(w => w.includes(name))).toEqual([]);
    },
  );

  it('marks a template with a parameter pattern RE2 cannot compile Valid=False by the shared declaration checks', async () => {
    await copyOfDemo('admit-pattern', spec => {
      spec.parameters.find((p: any) => p.name === 'currency').pattern =
        '(?<=EUR)';
    });
    const valid = await validFor('admit-pattern');
    expect(valid).toMatchObject({ status: 'False', reason: 'InvalidTemplate' });
    expect(valid.message).toMatch(/spec\.parameters\.currency: /);
  });

  it('flips to Valid=True when the template is fixed, and writes nothing while it does not change', async () => {
    await copyOfDemo('admit-fix', spec => {
      resourceNamed(spec, 'payments-api-service').spec.ports[0].port = 'eighty';
    });
    const invalid = await validFor('admit-fix');
    expect(invalid.status).toBe('False');

    const template = (await getTemplate('admit-fix'))!;
    (
      resourceNamed(template.spec, 'payments-api-service') as any
    ).spec.ports[0].port = 80;
    await client.replace(template as any);
    const fixed = await validFor('admit-fix');
    expect(fixed).toMatchObject({
      status: 'True',
      reason: 'DryRunPassed',
      observedGeneration: 2,
    });

    // A label changes no generation: no dry run and no status write.
    await waitFor(() => cluster.operator.isIdle(), {
      what: 'the queue to drain',
    });
    const before = await patches();
    const checked = (await getTemplate('admit-fix'))!;
    await client.mergePatch(TEMPLATE, 'admit-fix', undefined, {
      metadata: { labels: { touched: 'yes' } },
    });
    await waitFor(
      async () =>
        (await getTemplate('admit-fix'))!.metadata.labels?.touched === 'yes',
    );
    await waitFor(() => cluster.operator.isIdle(), {
      what: 'the queue to drain',
    });
    expect(await patches()).toBe(before);
    expect((await getTemplate('admit-fix'))!.status).toEqual(checked.status);
  });
});
