import {
  Condition,
  DEFAULT_SECRET_PARAMETERS_NAMESPACE,
  SandboxLabels,
  SandboxResource,
  SandboxTemplateResource,
  SECRET_PARAMETERS_SECRET_NAME,
  secretParametersStagingName,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { OperatorAnnotations } from './api';
import { KubeClient } from './kube/KubeClient';
import { resourceType } from './kube/resources';
import { KubeObject } from './kube/types';
import {
  DEPLOYMENT,
  NAMESPACE,
  OperatorOnKubeSim,
  SANDBOX,
  TEMPLATE,
  demoSandbox,
  getSandbox,
  startOperatorOnKubeSim,
  waitFor,
  waitForPhase,
} from './__testUtils__/testUtils';

/**
 * Secret parameters end to end through kube-sim and the real client: the
 * backend's part (the staging Secret, owned by the Sandbox) is played here
 * with the same client calls it makes; nothing is mocked.
 */

jest.setTimeout(60_000);

const SECRET = resourceType('v1', 'Secret');
const CONFIG_MAP = resourceType('v1', 'ConfigMap');
const EVENT = resourceType('events.k8s.io/v1', 'Event');
const STAGING = DEFAULT_SECRET_PARAMETERS_NAMESPACE;
const TOKEN = 'tok-Zq8vX3-never-shown';
const NEW_TOKEN = 'tok-Kp2wY7-also-never-shown';

let cluster: OperatorOnKubeSim;
let client: KubeClient;

beforeAll(async () => {
  cluster = await startOperatorOnKubeSim();
  client = cluster.client;
  // The operator's own namespace, where the backend stages the values.
  await client.apply({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: STAGING },
  });
  await client.create(secretTemplate('secret-demo'));
});

afterAll(() => cluster?.stop());

const settled = () =>
  waitFor(() => cluster.operator.isIdle(), { what: 'the operator to settle' });

/** apiToken is secret and read by Deployment app only; other reads nothing of it. */
function secretTemplate(
  name: string,
  mutate: (spec: any) => void = () => {},
): KubeObject {
  const deployment = (app: string, env: unknown[]) => ({
    name: app,
    template: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: app },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app } },
        template: {
          metadata: { labels: { app } },
          spec: { containers: [{ name: app, image: 'nginx:1.27', env }] },
        },
      },
    },
  });
  const spec = {
    displayName: 'Secret demo',
    sizes: [{ name: 'small', components: { app: { replicas: 1 } } }],
    ttl: { defaultMinutes: 60, maxMinutes: 600 },
    parameters: [
      { name: 'region', type: 'string', default: 'eu' },
      { name: 'apiToken', type: 'string', secret: true, required: true },
    ],
    resources: [
      deployment('app', [
        {
          name: 'API_TOKEN',
          valueFrom: {
            secretKeyRef: {
              name: SECRET_PARAMETERS_SECRET_NAME,
              key: 'apiToken',
            },
          },
        },
        { name: 'REGION', value: '${{ parameters.region }}' },
      ]),
      deployment('other', [
        { name: 'REGION', value: '${{ parameters.region }}' },
      ]),
    ],
  };
  mutate(spec);
  return {
    apiVersion: 'sandboxkit.dev/v1alpha1',
    kind: 'SandboxTemplate',
    metadata: { name },
    spec,
  };
}

function sandboxOf(name: string, template = 'secret-demo'): KubeObject {
  return demoSandbox(
    name,
    { parameters: { region: 'us' }, secretParameters: { keys: ['apiToken'] } },
    template,
  );
}

/** The staging Secret as the backend writes it (after the Sandbox). */
async function stage(
  sandbox: SandboxResource,
  values: Record<string, string>,
  owner: { uid: string } | undefined = { uid: sandbox.metadata.uid! },
) {
  await client.create({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: secretParametersStagingName(sandbox.metadata.uid!),
      namespace: STAGING,
      labels: { [SandboxLabels.sandbox]: sandbox.metadata.name! },
      ...(owner
        ? {
            ownerReferences: [
              {
                apiVersion: 'sandboxkit.dev/v1alpha1',
                kind: 'Sandbox',
                name: sandbox.metadata.name!,
                uid: owner.uid,
              },
            ],
          }
        : {}),
    },
    type: 'Opaque',
    stringData: values,
  });
}

const readyOf = (sandbox: SandboxResource | undefined) =>
  sandbox?.status?.conditions?.find(c => c.type === 'Ready');

function waitForReadyReason(name: string, reason: string): Promise<Condition> {
  return waitFor(
    async () => {
      const ready = readyOf(await getSandbox(client, name));
      return ready?.reason === reason ? ready : undefined;
    },
    { what: `${name} to say ${reason}` },
  );
}

const decode = (value: string) => Buffer.from(value, 'base64').toString();

describe('secret parameters', () => {
  const name = 'secret-1';
  const ns = `sandbox-${name}`;
  let sandbox: SandboxResource;

  it('waits, saying for which keys, while the staging Secret is missing, and applies nothing', async () => {
    sandbox = await client.create<SandboxResource>(sandboxOf(name));
    const ready = await waitForReadyReason(name, 'SecretParametersMissing');
    expect(ready.status).toBe('False');
    expect(ready.message).toContain('apiToken');
    expect(ready.message).toContain(
      `${STAGING}/${secretParametersStagingName(sandbox.metadata.uid!)}`,
    );
    expect((await getSandbox(client, name))!.status!.phase).toBe('Pending');
    await settled();
    // No workload could start without its secret: nothing was applied.
    expect(await client.get(NAMESPACE, ns)).toBeUndefined();
  });

  it('copies the staged values into the Secret sandbox-parameters when they arrive, and the workload reads them from there', async () => {
    await stage(sandbox, { apiToken: TOKEN });
    await waitForPhase(client, name, 'Ready');

    const copy = (await client.get<KubeObject & { data: any; type: string }>(
      SECRET,
      SECRET_PARAMETERS_SECRET_NAME,
      ns,
    ))!;
    expect(copy.type).toBe('Opaque');
    expect(Object.keys(copy.data)).toEqual(['apiToken']);
    expect(decode(copy.data.apiToken)).toBe(TOKEN);
    expect(copy.metadata.labels).toMatchObject({
      [SandboxLabels.sandbox]: name,
      [SandboxLabels.managedBy]: 'sandbox-operator',
    });
    // The plain parameters' ConfigMap has the plain ones only.
    const plain = (await client.get<KubeObject & { data: any }>(
      CONFIG_MAP,
      'sandbox-parameters',
      ns,
    ))!;
    expect(plain.data.region).toBe('us');
    expect(plain.data).not.toHaveProperty('apiToken');
    const app = (await client.get<KubeObject & { spec: any }>(
      DEPLOYMENT,
      'app',
      ns,
    ))!;
    expect(app.spec.template.spec.containers[0].env[0]).toEqual({
      name: 'API_TOKEN',
      valueFrom: {
        secretKeyRef: { name: SECRET_PARAMETERS_SECRET_NAME, key: 'apiToken' },
      },
    });
  });

  it('rolls the Deployment that reads a changed value, and only that one', async () => {
    const before = await templatesOf(ns);
    await client.mergePatch(
      SECRET,
      secretParametersStagingName(sandbox.metadata.uid!),
      STAGING,
      { data: { apiToken: Buffer.from(NEW_TOKEN).toString('base64') } },
    );
    await waitFor(
      async () => {
        const copy = await client.get<KubeObject & { data: any }>(
          SECRET,
          SECRET_PARAMETERS_SECRET_NAME,
          ns,
        );
        return decode(copy!.data.apiToken) === NEW_TOKEN;
      },
      { what: 'the new value to be copied' },
    );
    const after = await waitFor(
      async () => {
        const now = await templatesOf(ns);
        return now.app.checksum !== before.app.checksum ? now : undefined;
      },
      { what: 'Deployment app to roll' },
    );
    expect(after.app.checksum).toMatch(/^[0-9a-f]{16}$/);
    expect(after.app.generation).toBeGreaterThan(before.app.generation);
    expect(after.other).toEqual(before.other);
  });

  it('refuses a staging Secret this Sandbox does not own, and says so', async () => {
    const stolen = 'stolen-1';
    const victim = await client.create<SandboxResource>(sandboxOf(stolen));
    // Named for this sandbox, but owned by another Sandbox (or by nobody):
    // not the backend's, so never copied.
    await stage(victim, { apiToken: TOKEN }, { uid: sandbox.metadata.uid! });
    const ready = await waitForReadyReason(stolen, 'SecretParametersNotOwned');
    expect(ready.message).toContain(victim.metadata.uid);
    await settled();
    expect(await client.get(NAMESPACE, `sandbox-${stolen}`)).toBeUndefined();
  });

  it('never shows a value in Events, Sandbox status, other objects or logs', async () => {
    const leaks = (text: string) =>
      [TOKEN, NEW_TOKEN].some(
        v =>
          text.includes(v) || text.includes(Buffer.from(v).toString('base64')),
      );
    const events = await client.list(EVENT, { namespace: 'default' });
    expect(events.items.length).toBeGreaterThan(0);
    expect(leaks(JSON.stringify(events.items))).toBe(false);
    const sandboxes = await client.list(SANDBOX);
    expect(leaks(JSON.stringify(sandboxes.items))).toBe(false);
    for (const [apiVersion, kind] of [
      ['v1', 'Namespace'],
      ['v1', 'ConfigMap'],
      ['apps/v1', 'Deployment'],
      ['v1', 'Pod'],
    ]) {
      const { items } = await client.list(resourceType(apiVersion, kind));
      expect(leaks(JSON.stringify(items))).toBe(false);
    }
    expect(cluster.logs.length).toBeGreaterThan(0);
    expect(leaks(cluster.logs.join('\n'))).toBe(false);
  });
  it('deletes the staging Secret with its Sandbox, by its owner reference', async () => {
    // "Namespaced dependents can specify cluster-scoped or namespaced
    // owners" (https://kubernetes.io/docs/concepts/overview/working-with-objects/owners-dependents/):
    // the garbage collector deletes the staging Secret once the
    // cluster-scoped Sandbox is gone.
    const staging = secretParametersStagingName(sandbox.metadata.uid!);
    expect(await client.get(SECRET, staging, STAGING)).toBeDefined();
    await client.delete(SANDBOX, name);
    await waitFor(async () => !(await getSandbox(client, name)), {
      what: 'the Sandbox to be gone',
    });
    await waitFor(async () => !(await client.get(SECRET, staging, STAGING)), {
      what: 'the staging Secret to be collected',
    });
  });
});

describe('templates that would expose a secret parameter', () => {
  function validOf(name: string): Promise<Condition> {
    return waitFor(
      async () => {
        const template = await client.get<SandboxTemplateResource>(
          TEMPLATE,
          name,
        );
        const valid = template?.status?.conditions?.find(
          c => c.type === 'Valid',
        );
        return valid?.observedGeneration === template?.metadata.generation
          ? valid
          : undefined;
      },
      { what: `template ${name} to be checked` },
    );
  }

  it('refuses a placeholder that names a secret parameter, pointing at secretKeyRef', async () => {
    await client.create(
      secretTemplate('secret-placeholder', spec => {
        spec.resources[1].template.spec.template.spec.containers[0].env.push({
          name: 'TOKEN',
          value: 'Bearer ${{ parameters.apiToken }}',
        });
      }),
    );
    const valid = await validOf('secret-placeholder');
    expect(valid).toMatchObject({
      status: 'False',
      reason: 'SecretParameterPlaceholder',
    });
    expect(valid.message).toContain(
      'Read it from Secret sandbox-parameters key apiToken with secretKeyRef',
    );

    const placeholder = await client.create<SandboxResource>(
      sandboxOf('secret-placeholder', 'secret-placeholder'),
    );
    await stage(placeholder, { apiToken: TOKEN });
    const failed = await waitForPhase(client, 'secret-placeholder', 'Failed');
    expect(readyOf(failed)?.reason).toBe('SecretParameterPlaceholder');
    expect(
      await client.get(NAMESPACE, 'sandbox-secret-placeholder'),
    ).toBeUndefined();
  });

  it('refuses a template Secret named sandbox-parameters', async () => {
    await client.create(
      secretTemplate('secret-collision', spec => {
        spec.resources.push({
          name: 'mine',
          template: {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: SECRET_PARAMETERS_SECRET_NAME },
            stringData: { x: 'y' },
          },
        });
      }),
    );
    const valid = await validOf('secret-collision');
    expect(valid).toMatchObject({ status: 'False', reason: 'InvalidResource' });
    expect(valid.message).toContain(
      'is a Secret named sandbox-parameters, which the operator keeps',
    );
  });

  it('admits the template with a secret parameter read through secretKeyRef', async () => {
    expect(await validOf('secret-demo')).toMatchObject({ status: 'True' });
  });
});

/** Pod template checksum and generation of the two Deployments. */
async function templatesOf(ns: string) {
  const read = async (name: string) => {
    const d = (await client.get<KubeObject & { spec: any }>(
      DEPLOYMENT,
      name,
      ns,
    ))!;
    return {
      checksum:
        d.spec.template.metadata?.annotations?.[
          OperatorAnnotations.configChecksum
        ],
      generation: d.metadata.generation!,
      template: d.spec.template,
    };
  };
  return { app: await read('app'), other: await read('other') };
}
