import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { KubeSim, startKubeSim } from '@sandboxkit/kube-sim';
import {
  OPERATOR_FIELD_MANAGER,
  SANDBOX_FINALIZER,
  SandboxAnnotations,
  SandboxLabels,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { installCrds } from './installCrds';
import { KubeClient } from './kube/KubeClient';
import { resourceType } from './kube/resources';
import { KubeObject } from './kube/types';
import { microTime } from './runtime/LeaderElector';
import { RunningOperator, startOperator } from './startOperator';
import {
  DEPLOYMENT,
  NAMESPACE,
  SANDBOX,
  TEMPLATE,
  OperatorOnKubeSim,
  clientFor,
  demoSandbox,
  getSandbox,
  startOperatorOnKubeSim,
  waitFor,
  waitForPhase,
} from './__testUtils__/testUtils';

jest.setTimeout(60_000);

const type = (apiVersion: string, kind: string) =>
  resourceType(apiVersion, kind);

let cluster: OperatorOnKubeSim;
let sim: KubeSim;
let client: KubeClient;
let operator: RunningOperator;
/** Warnings the operator logged, to catch retries that should not happen. */
let warnings: string[];

beforeAll(async () => {
  cluster = await startOperatorOnKubeSim();
  ({ sim, client, operator, warnings } = cluster);
});

afterAll(() => cluster?.stop());

/** Runs the kubectl on PATH (v1.32) against the simulator. */
async function kubectl(...args: string[]): Promise<string> {
  const kubeconfig = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'operator-kubectl-')),
    'kubeconfig',
  );
  fs.writeFileSync(kubeconfig, sim.kubeConfigYaml());
  const { stdout } = await promisify(execFile)('kubectl', args, {
    env: { ...process.env, KUBECONFIG: kubeconfig },
    timeout: 20_000,
  });
  fs.rmSync(path.dirname(kubeconfig), { recursive: true, force: true });
  return stdout;
}

async function deployment(ns: string, name: string) {
  return client.get<KubeObject & { spec: any; status?: any }>(
    DEPLOYMENT,
    name,
    ns,
  );
}

describe('sandbox operator against kube-sim', () => {
  it('brings a new sandbox to Ready with every object present and owned', async () => {
    await client.create(
      demoSandbox('create-1', { parameters: { rateLimit: 50 } }),
    );
    const sandbox = await waitForPhase(client, 'create-1', 'Ready');
    const ns = 'sandbox-create-1';
    expect(sandbox.metadata.finalizers).toContain(SANDBOX_FINALIZER);
    expect(sandbox.status).toMatchObject({
      namespace: ns,
      url: 'http://api-create-1.sandbox.localhost/',
      seededGeneration: 0,
      components: [
        {
          name: 'webhook-sink',
          kind: 'Deployment',
          desiredReplicas: 1,
          readyReplicas: 1,
        },
        {
          name: 'payments-api',
          kind: 'Deployment',
          desiredReplicas: 1,
          readyReplicas: 1,
        },
      ],
    });
    for (const condition of sandbox.status!.conditions!) {
      expect(condition).toMatchObject({
        status: condition.type === 'Suspended' ? 'False' : 'True',
        observedGeneration: 1,
      });
    }

    const namespace = (await client.get(NAMESPACE, ns))!;
    expect(namespace.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'Sandbox',
        name: 'create-1',
        uid: sandbox.metadata.uid,
      }),
    ]);
    expect(namespace.metadata.labels).toMatchObject({
      [SandboxLabels.sandbox]: 'create-1',
      [SandboxLabels.owner]: 'user_default_jane',
      [SandboxLabels.template]: 'payments-api',
      [SandboxLabels.managedBy]: 'sandbox-operator',
      // Pod Security Admission: baseline unless configured or asked otherwise.
      'pod-security.kubernetes.io/enforce': 'baseline',
    });
    const serviceAccount = await client.get<
      KubeObject & { automountServiceAccountToken?: boolean }
    >(type('v1', 'ServiceAccount'), 'sandbox', ns);
    expect(serviceAccount!.automountServiceAccountToken).toBe(false);

    const expected: Array<[string, string, string]> = [
      ['v1', 'ResourceQuota', 'sandbox-quota'],
      ['v1', 'LimitRange', 'sandbox-limits'],
      ['networking.k8s.io/v1', 'NetworkPolicy', 'sandbox-isolation'],
      ['v1', 'ServiceAccount', 'sandbox'],
      ['v1', 'ConfigMap', 'sandbox-parameters'],
      ['v1', 'ConfigMap', 'payments-config'],
      ['apps/v1', 'Deployment', 'webhook-sink'],
      ['apps/v1', 'Deployment', 'payments-api'],
      ['v1', 'Service', 'webhook-sink'],
      ['v1', 'Service', 'payments-api'],
      ['batch/v1', 'Job', 'seed-0'],
      ['networking.k8s.io/v1', 'Ingress', 'endpoint-api'],
      ['networking.k8s.io/v1', 'Ingress', 'endpoint-webhooks'],
    ];
    for (const [apiVersion, kind, name] of expected) {
      const object = await client.get(type(apiVersion, kind), name, ns);
      expect({ kind, name, present: !!object }).toEqual({
        kind,
        name,
        present: true,
      });
      const managers = (
        object!.metadata as { managedFields?: Array<{ manager: string }> }
      ).managedFields!.map(m => m.manager);
      expect(managers).toContain(OPERATOR_FIELD_MANAGER);
      expect(object!.metadata.labels?.[SandboxLabels.sandbox]).toBe('create-1');
    }
    const api = (await deployment(ns, 'payments-api'))!;
    expect(api.spec.template.spec.containers[0].env).toEqual(
      expect.arrayContaining([{ name: 'RATE_LIMIT', value: '50' }]),
    );
    const ingress = await client.get<KubeObject & { spec: any }>(
      type('networking.k8s.io/v1', 'Ingress'),
      'endpoint-api',
      ns,
    );
    expect(ingress!.spec.rules[0].host).toBe('api-create-1.sandbox.localhost');

    // Generated credentials live in a Secret, never in the Sandbox.
    const secret = await client.get<
      KubeObject & { data: Record<string, string> }
    >(type('v1', 'Secret'), 'sandbox-credentials', ns);
    const password = Buffer.from(secret!.data.password, 'base64').toString();
    expect(password.length).toBeGreaterThan(16);
    expect(JSON.stringify(await getSandbox(client, 'create-1'))).not.toContain(
      password,
    );

    const { items: events } = await client.list<
      KubeObject & { regarding: any; reason: string }
    >(type('events.k8s.io/v1', 'Event'), { namespace: 'default' });
    const reasons = events
      .filter(e => e.regarding.name === 'create-1')
      .map(e => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(['Provisioning', 'Ready']));

    // kubectl describe lists core/v1 Events; the cluster serves the
    // events.k8s.io/v1 ones the operator records through that API too.
    const described = await kubectl('describe', 'sandbox', 'create-1');
    expect(described).toMatch(/Events:[\s\S]*Normal\s+Ready\s/);
  });

  it('changes nothing when an unchanged sandbox is reconciled again', async () => {
    await client.create(demoSandbox('idem-1'));
    await waitForPhase(client, 'idem-1', 'Ready');
    await waitFor(() => operator.isIdle());
    const ns = 'sandbox-idem-1';
    const versions = async () => {
      const out: string[] = [];
      for (const t of [
        DEPLOYMENT,
        type('v1', 'ConfigMap'),
        type('v1', 'Service'),
      ]) {
        const { items } = await client.list(t, { namespace: ns });
        out.push(
          ...items.map(i => `${i.metadata.name}@${i.metadata.resourceVersion}`),
        );
      }
      out.push(
        `sandbox@${
          (await getSandbox(client, 'idem-1'))!.metadata.resourceVersion
        }`,
      );
      return out.sort();
    };
    const before = await versions();
    // Any event makes the operator look again; this one changes no spec.
    await client.mergePatch(SANDBOX, 'idem-1', undefined, {
      metadata: { labels: { touched: 'yes' } },
    });
    await new Promise(r => setTimeout(r, 300));
    await waitFor(() => operator.isIdle());
    const after = (await versions()).filter(v => !v.startsWith('sandbox@'));
    expect(after).toEqual(before.filter(v => !v.startsWith('sandbox@')));
  });

  it('rolls out changed parameters', async () => {
    await client.create(
      demoSandbox('params-1', { parameters: { rateLimit: 50 } }),
    );
    await waitForPhase(client, 'params-1', 'Ready');
    await client.mergePatch(SANDBOX, 'params-1', undefined, {
      spec: { parameters: { rateLimit: 7 }, size: 'medium' },
    });
    const ready = await waitForPhase(client, 'params-1', 'Ready');
    expect(ready.metadata.generation).toBe(2);
    const api = (await deployment('sandbox-params-1', 'payments-api'))!;
    expect(api.spec.replicas).toBe(2);
    expect(api.spec.template.spec.containers[0].env).toEqual(
      expect.arrayContaining([{ name: 'RATE_LIMIT', value: '7' }]),
    );
    const config = await client.get<KubeObject & { data: any }>(
      type('v1', 'ConfigMap'),
      'sandbox-parameters',
      'sandbox-params-1',
    );
    expect(config!.data.rateLimit).toBe('7');
  });

  it('suspends every workload of the template to zero with its count in an annotation, resume restores it, and a hand-made workload is left alone', async () => {
    await client.create(demoSandbox('sleep-1', { size: 'medium' }));
    await waitForPhase(client, 'sleep-1', 'Ready');
    const ns = 'sandbox-sleep-1';
    // A workload the operator did not apply is never touched.
    await client.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'hand-made', namespace: ns },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'hand-made' } },
        template: {
          metadata: { labels: { app: 'hand-made' } },
          spec: { containers: [{ name: 'c', image: 'busybox' }] },
        },
      },
    });

    await client.mergePatch(SANDBOX, 'sleep-1', undefined, {
      spec: { suspend: true },
    });
    const suspended = await waitForPhase(client, 'sleep-1', 'Suspended');
    expect(suspended.status!.suspendedTime).toBeDefined();
    for (const [name, before] of [
      ['payments-api', '2'],
      ['webhook-sink', '1'],
    ]) {
      const d = (await deployment(ns, name))!;
      expect({ name, replicas: d.spec.replicas }).toEqual({
        name,
        replicas: 0,
      });
      expect(
        d.metadata.annotations?.[SandboxAnnotations.replicasBeforeSuspend],
      ).toBe(before);
    }
    const handMade = (await deployment(ns, 'hand-made'))!;
    expect(handMade.spec.replicas).toBe(3);
    expect(handMade.metadata.annotations ?? {}).toEqual({});
    // Services, Secrets and ConfigMaps stay.
    expect(
      await client.get(type('v1', 'Service'), 'payments-api', ns),
    ).toBeDefined();
    expect(
      await client.get(type('v1', 'Secret'), 'sandbox-credentials', ns),
    ).toBeDefined();

    await client.mergePatch(SANDBOX, 'sleep-1', undefined, {
      spec: { suspend: false },
    });
    await waitForPhase(client, 'sleep-1', 'Ready');
    for (const [name, replicas] of [
      ['payments-api', 2],
      ['webhook-sink', 1],
    ] as const) {
      const d = await waitFor(
        async () => {
          const current = (await deployment(ns, name))!;
          return current.spec.replicas === replicas ? current : undefined;
        },
        { what: `${name} restored` },
      );
      expect(
        d.metadata.annotations?.[SandboxAnnotations.replicasBeforeSuspend],
      ).toBeUndefined();
    }
  });

  it('deletes the namespace first and removes the finalizer only when it is gone', async () => {
    await client.create(demoSandbox('delete-1'));
    await waitForPhase(client, 'delete-1', 'Ready');
    await client.delete(SANDBOX, 'delete-1');
    await waitFor(async () => !(await getSandbox(client, 'delete-1')), {
      what: 'the sandbox to be gone',
    });
    expect(await client.get(NAMESPACE, 'sandbox-delete-1')).toBeUndefined();
    // Reconciles of the deleted Sandbox (its cache entry lags) end quietly
    // instead of failing and retrying against an object that is gone.
    await waitFor(() => operator.isIdle(), { what: 'the queue to drain' });
    expect(warnings.filter(w => w.includes('delete-1'))).toEqual([]);
  });

  it('expires a sandbox past expiresAt: phase Expired with an event, then deleted', async () => {
    await client.create(
      demoSandbox('expire-1', {
        expiresAt: new Date(Date.now() + 1500).toISOString(),
      }),
    );
    await waitFor(async () => !(await getSandbox(client, 'expire-1')), {
      what: 'the expired sandbox to be deleted',
    });
    expect(await client.get(NAMESPACE, 'sandbox-expire-1')).toBeUndefined();
    const { items } = await client.list<
      KubeObject & { regarding: any; reason: string; type: string }
    >(type('events.k8s.io/v1', 'Event'), { namespace: 'default' });
    expect(
      items.find(
        e => e.regarding.name === 'expire-1' && e.reason === 'Expired',
      ),
    ).toMatchObject({ type: 'Warning' });
  });

  describe('never touches a namespace it does not own', () => {
    const foreignDeployment = (ns: string): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'important', namespace: ns },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'important' } },
        template: {
          metadata: { labels: { app: 'important' } },
          spec: { containers: [{ name: 'c', image: 'busybox' }] },
        },
      },
    });

    it('reports NamespaceConflict, writes nothing into it, and deleting the sandbox leaves it', async () => {
      const ns = 'sandbox-taken-1';
      await client.create({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns, labels: { team: 'payments' } },
      });
      await client.create(foreignDeployment(ns));
      const before = (await client.get(NAMESPACE, ns))!;

      await client.create(demoSandbox('taken-1'));
      const failed = await waitForPhase(client, 'taken-1', 'Failed');
      const ready = failed.status!.conditions!.find(c => c.type === 'Ready')!;
      expect(ready).toMatchObject({
        status: 'False',
        reason: 'NamespaceConflict',
      });
      expect(ready.message).toContain(ns);

      await client.mergePatch(SANDBOX, 'taken-1', undefined, {
        spec: { suspend: true },
      });
      await waitFor(
        async () =>
          (await getSandbox(client, 'taken-1'))?.status?.observedGeneration ===
          2,
        { what: 'the suspend to be observed' },
      );
      await waitFor(() => operator.isIdle(), { what: 'the queue to drain' });
      const after = (await client.get(NAMESPACE, ns))!;
      expect(after.metadata.resourceVersion).toBe(
        before.metadata.resourceVersion,
      );
      expect(after.metadata.ownerReferences).toBeUndefined();
      expect((await deployment(ns, 'important'))!.spec.replicas).toBe(2);
      const { items } = await client.list(type('v1', 'ConfigMap'), {
        namespace: ns,
      });
      expect(items.map(i => i.metadata.name)).not.toContain(
        'sandbox-parameters',
      );

      await client.delete(SANDBOX, 'taken-1');
      await waitFor(async () => !(await getSandbox(client, 'taken-1')), {
        what: 'the sandbox to be gone',
      });
      const kept = (await client.get(NAMESPACE, ns))!;
      expect(kept.metadata.deletionTimestamp).toBeUndefined();
      expect(await deployment(ns, 'important')).toBeDefined();
    });

    it('refuses a name whose namespace is reserved, such as its own', async () => {
      await client.create(demoSandbox('operator-system'));
      const failed = await waitForPhase(client, 'operator-system', 'Failed');
      expect(
        failed.status!.conditions!.find(c => c.type === 'Ready'),
      ).toMatchObject({ reason: 'ReservedNamespace' });
      expect(
        await client.get(NAMESPACE, 'sandbox-operator-system'),
      ).toBeUndefined();
      await client.delete(SANDBOX, 'operator-system');
    });

    it('gives names that differ only in what cleaning drops their own namespaces', async () => {
      await client.create(demoSandbox('jane.checkout'));
      await client.create(demoSandbox('jane-checkout'));
      const dotted = await waitForPhase(client, 'jane.checkout', 'Ready');
      const dashed = await waitForPhase(client, 'jane-checkout', 'Ready');
      expect(dashed.status!.namespace).toBe('sandbox-jane-checkout');
      expect(dotted.status!.namespace).toMatch(
        /^sandbox-jane-checkout-[0-9a-f]{10}$/,
      );
      expect(dotted.status!.url).not.toBe(dashed.status!.url);
      await waitFor(() => operator.isIdle(), { what: 'the queue to drain' });
      for (const sandbox of [dotted, dashed]) {
        const ns = (await client.get(NAMESPACE, sandbox.status!.namespace!))!;
        expect(ns.metadata.deletionTimestamp).toBeUndefined();
        expect(ns.metadata.ownerReferences![0].uid).toBe(sandbox.metadata.uid);
      }
    });
  });

  it('deletes a sandbox namespace whose Sandbox no longer exists', async () => {
    await client.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'sandbox-ghost',
        labels: {
          [SandboxLabels.sandbox]: 'ghost',
          [SandboxLabels.managedBy]: 'sandbox-operator',
        },
        ownerReferences: [
          {
            apiVersion: 'sandboxkit.dev/v1alpha1',
            kind: 'Sandbox',
            name: 'ghost',
            uid: '00000000-0000-0000-0000-000000000000',
          },
        ],
      },
    });
    await waitFor(async () => !(await client.get(NAMESPACE, 'sandbox-ghost')), {
      what: 'the orphan namespace to be deleted',
    });
    expect(await client.get(NAMESPACE, 'sandbox-ghost')).toBeUndefined();
  });

  it('rolls template changes out to the sandboxes using it', async () => {
    const template = (await client.get<KubeObject & { spec: any }>(
      TEMPLATE,
      'payments-api',
    ))!;
    await client.create({
      apiVersion: template.apiVersion,
      kind: 'SandboxTemplate',
      metadata: { name: 'payments-copy' },
      spec: template.spec,
    });
    await client.create(demoSandbox('tpl-1', {}, 'payments-copy'));
    await waitForPhase(client, 'tpl-1', 'Ready');
    const spec = structuredClone(template.spec);
    spec.resources[0].template.data.WEBHOOK_URL = 'http://elsewhere/hooks';
    await client.mergePatch(TEMPLATE, 'payments-copy', undefined, { spec });
    await waitFor(
      async () => {
        const cm = await client.get<KubeObject & { data: any }>(
          type('v1', 'ConfigMap'),
          'payments-config',
          'sandbox-tpl-1',
        );
        return cm?.data.WEBHOOK_URL === 'http://elsewhere/hooks';
      },
      { what: 'the template change to roll out' },
    );
    const sandbox = await waitForPhase(client, 'tpl-1', 'Ready');
    expect(sandbox.status!.observedGeneration).toBe(1);
  });

  it('explains an image that cannot be pulled in words the owner can act on', async () => {
    await client.create(
      demoSandbox('image-1', {
        images: { 'webhook-sink': 'registry.example/sink:notfound' },
      }),
    );
    const failed = await waitForPhase(client, 'image-1', 'Failed');
    const ready = failed.status!.conditions!.find(c => c.type === 'Ready')!;
    expect(ready.reason).toBe('ImagePullFailed');
    expect(ready.message).toMatch(
      /The image registry.example\/sink:notfound of webhook-sink could not be pulled/,
    );
  });

  it("quotes a Deployment's ReplicaFailure (pods refused by the quota) in the Ready condition, and recovers when the quota allows them", async () => {
    // kube-sim's ReplicaSet controller answers a pod over quota as
    // pkg/controller/replicaset does: ReplicaFailure / FailedCreate, copied
    // to the Deployment by the deployment controller.
    await client.create({
      apiVersion: 'sandboxkit.dev/v1alpha1',
      kind: 'SandboxTemplate',
      metadata: { name: 'quota-1' },
      spec: {
        displayName: 'Two pods, room for one',
        sizes: [{ name: 'small', components: { web: { replicas: 2 } } }],
        ttl: { defaultMinutes: 60, maxMinutes: 600 },
        resourceQuota: { hard: { pods: '1' } },
        resources: [
          {
            name: 'web',
            template: {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              metadata: { name: 'web' },
              spec: {
                replicas: 2,
                selector: { matchLabels: { app: 'web' } },
                template: {
                  metadata: { labels: { app: 'web' } },
                  spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
                },
              },
            },
          },
        ],
      },
    });
    await client.create(demoSandbox('quota-1', {}, 'quota-1'));
    const failed = await waitForPhase(client, 'quota-1', 'Failed', 30_000);
    const ready = failed.status!.conditions!.find(c => c.type === 'Ready')!;
    expect(ready.reason).toBe('ReplicaFailure');
    expect(ready.message).toMatch(
      /^Deployment web cannot create its pods \(FailedCreate\): pods "web-[a-z0-9-]+" is forbidden: exceeded quota: sandbox-quota, requested: pods=1, used: pods=1, limited: pods=1$/,
    );
    // The quota is the template's: raising it there lets the pods in.
    const template = (await client.get<KubeObject & { spec: any }>(
      TEMPLATE,
      'quota-1',
    ))!;
    template.spec.resourceQuota.hard.pods = '2';
    await client.replace(template);
    await waitForPhase(client, 'quota-1', 'Ready', 30_000);
  });

  describe('bad templates fail clearly and leave nothing half-applied', () => {
    const base = async () =>
      (await client.get<KubeObject & { spec: any }>(TEMPLATE, 'payments-api'))!
        .spec;

    it.each([
      [
        'an unknown kind',
        (spec: any) =>
          spec.resources.push({
            name: 'widget',
            template: {
              apiVersion: 'example.com/v1',
              kind: 'Widget',
              metadata: { name: 'w' },
            },
          }),
        'UnknownKind',
        /Widget \(example.com\/v1\), which sandbox templates cannot create/,
      ],
      [
        'a dependsOn cycle',
        (spec: any) => {
          spec.resources[0].dependsOn = ['payments-api-service'];
        },
        'DependencyCycle',
        /depend on each other in a circle/,
      ],
      [
        'a missing required parameter',
        (spec: any) =>
          spec.parameters.push({
            name: 'apiKey',
            type: 'string',
            required: true,
          }),
        'MissingParameter',
        /parameter apiKey is required/,
      ],
      [
        'an unknown placeholder',
        (spec: any) => {
          spec.resources[0].template.data.TOKEN = '${{ secrets.adminToken }}';
        },
        'UnknownPlaceholder',
        /secrets.adminToken/,
      ],
    ])('%s', async (_what, mutate, reason, message) => {
      const name = `bad-${reason.toLowerCase()}`;
      const spec = structuredClone(await base());
      mutate(spec);
      await client.create({
        apiVersion: 'sandboxkit.dev/v1alpha1',
        kind: 'SandboxTemplate',
        metadata: { name },
        spec,
      });
      await client.create(demoSandbox(name, {}, name));
      const failed = await waitForPhase(client, name, 'Failed');
      const valid = failed.status!.conditions!.find(
        c => c.type === 'TemplateValid',
      )!;
      expect(valid).toMatchObject({ status: 'False', reason });
      expect(valid.message).toMatch(message);
      expect(await client.get(NAMESPACE, `sandbox-${name}`)).toBeUndefined();
    });
  });

  describe('objects the API server refuses', () => {
    const copyTemplate = async (name: string, mutate: (spec: any) => void) => {
      const spec = structuredClone(
        (await client.get<KubeObject & { spec: any }>(
          TEMPLATE,
          'payments-api',
        ))!.spec,
      );
      mutate(spec);
      await client.create({
        apiVersion: 'sandboxkit.dev/v1alpha1',
        kind: 'SandboxTemplate',
        metadata: { name },
        spec,
      });
    };
    const serviceOf = (spec: any) =>
      spec.resources.find((r: any) => r.template.kind === 'Service').template;

    it.each([
      [
        'a wrongly typed field',
        'refuse-typed',
        (spec: any) => {
          serviceOf(spec).spec.ports[0].port = 'eighty';
        },
      ],
      [
        'an unknown field',
        'refuse-unknown',
        (spec: any) => {
          serviceOf(spec).spec.portz = [{ port: 80 }];
        },
      ],
    ])(
      'reports %s once, naming object, field and message, and does not retry until something changes',
      async (_what, name, mutate) => {
        await copyTemplate(name, mutate);
        await client.create(demoSandbox(name, {}, name));
        const failed = await waitForPhase(client, name, 'Failed');
        const applied = failed.status!.conditions!.find(
          c => c.type === 'ResourcesApplied',
        )!;
        expect(applied.reason).toBe('ObjectRefused');
        expect(applied.message).toMatch(/Service \S+/);
        expect(applied.message).toMatch(/\.spec\.port/);
        await waitFor(() => operator.isIdle(), { what: 'the queue to drain' });
        // A refusal is information, not a failure to retry.
        expect(warnings.filter(w => w.includes(name))).toEqual([]);
        const before = (await getSandbox(client, name))!.metadata
          .resourceVersion;
        await client.mergePatch(SANDBOX, name, undefined, {
          metadata: { labels: { touched: 'yes' } },
        });
        await waitFor(() => operator.isIdle(), { what: 'the queue to drain' });
        // A label is no change the refusal depends on: status stays as it was.
        const after = (await getSandbox(client, name))!;
        expect(after.status).toEqual(failed.status);
        expect(after.metadata.resourceVersion).not.toBe(before);
      },
    );

    it('recreates the seed Job when a template change touches its immutable pod template', async () => {
      await copyTemplate('seed-change', spec => {
        spec.seed.jobSpec.template.spec.containers[0].image =
          'registry.example/seed:notfound';
      });
      await client.create(demoSandbox('seed-change', {}, 'seed-change'));
      const JOB = type('batch/v1', 'Job');
      const first = await waitFor(
        () => client.get(JOB, 'seed-0', 'sandbox-seed-change'),
        { what: 'the seed Job' },
      );
      const template = (await client.get<KubeObject & { spec: any }>(
        TEMPLATE,
        'seed-change',
      ))!;
      template.spec.seed.jobSpec.template.spec.containers[0].image =
        'docker.io/curlimages/curl:8.10.1';
      // A merge patch without resourceVersion: the operator's template
      // admission may write the template's status between the read and this
      // write, which made a replace fail with a Conflict now and then.
      await client.mergePatch(TEMPLATE, 'seed-change', undefined, {
        spec: { seed: template.spec.seed },
      });
      await waitForPhase(client, 'seed-change', 'Ready', 30_000);
      const second = (await client.get<KubeObject & { spec: any }>(
        JOB,
        'seed-0',
        'sandbox-seed-change',
      ))!;
      expect(second.metadata.uid).not.toBe(first.metadata.uid);
      expect(second.spec.template.spec.containers[0].image).toBe(
        'docker.io/curlimages/curl:8.10.1',
      );
    });
  });

  it('keeps injection attempts in parameters inert or refuses them', async () => {
    // A pattern-checked parameter refuses structure outright.
    await client.create(
      demoSandbox('inject-1', {
        parameters: { currency: 'EUR\nkind: ClusterRole' },
      }),
    );
    const refused = await waitForPhase(client, 'inject-1', 'Failed');
    expect(
      refused.status!.conditions!.find(c => c.type === 'TemplateValid')!.reason,
    ).toBe('InvalidParameter');
    expect(await client.get(NAMESPACE, 'sandbox-inject-1')).toBeUndefined();
    // A number parameter cannot smuggle text or placeholders.
    await client.create(
      demoSandbox('inject-2', {
        parameters: { rateLimit: '${{ sandbox.owner }}' },
      }),
    );
    const refusedNumber = await waitForPhase(client, 'inject-2', 'Failed');
    expect(
      refusedNumber.status!.conditions!.find(c => c.type === 'TemplateValid')!
        .message,
    ).toMatch(/must be a number/);
  });
});

describe('metrics and health', () => {
  it('serves /metrics with reconcile, queue and phase figures, and /healthz and /readyz', async () => {
    const base = `http://127.0.0.1:${operator.metricsPort}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(
      /sandbox_operator_reconcile_duration_seconds_count\{result="\w+"\} [1-9]/,
    );
    expect(metrics).toContain('sandbox_operator_queue_depth');
    expect(metrics).toMatch(
      /sandbox_operator_sandboxes\{phase="Ready"\} [1-9]/,
    );
    expect(metrics).toContain('sandbox_operator_reconcile_errors_total');
    expect(metrics).toContain('sandbox_operator_leader 1');
  });
});

describe('leader election', () => {
  it('lets exactly one of two operators lead, and the other take over when it stops', async () => {
    // A cluster of its own, so these two never reconcile the other tests' sandboxes.
    const electionSim = await startKubeSim({ port: 0 });
    await installCrds(electionSim.kubeConfig(), { demoTemplates: false });
    const options = {
      kubeConfig: electionSim.kubeConfig(),
      config: { leaseName: 'election-test' },
      leaderElection: {
        leaseDurationSeconds: 2,
        renewDeadlineMs: 1500,
        retryPeriodMs: 100,
      },
    };
    const a = await startOperator(options);
    const b = await startOperator(options);
    try {
      await waitFor(() => a.isLeader() || b.isLeader(), { what: 'a leader' });
      await new Promise(r => setTimeout(r, 500));
      expect([a.isLeader(), b.isLeader()].filter(Boolean)).toHaveLength(1);
      const [leader, follower] = a.isLeader() ? [a, b] : [b, a];
      await leader.stop();
      await waitFor(() => follower.isLeader(), {
        what: 'the follower to take over',
      });
    } finally {
      await a.stop();
      await b.stop();
      await electionSim.stop();
    }
  });

  it('judges expiry by its own clock: a holder whose clock is an hour behind keeps the lease while it renews', async () => {
    const electionSim = await startKubeSim({ port: 0 });
    const electionClient = clientFor(electionSim.kubeConfig());
    const LEASE = type('coordination.k8s.io/v1', 'Lease');
    const skewed = () => microTime(new Date(Date.now() - 3_600_000));
    await electionClient.create({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'skew-test', namespace: 'default' },
      spec: {
        holderIdentity: 'skewed-holder',
        leaseDurationSeconds: 2,
        renewTime: skewed(),
        acquireTime: skewed(),
      },
    });
    let renewing = true;
    const holder = (async () => {
      while (renewing) {
        const lease = (await electionClient.get<any>(
          LEASE,
          'skew-test',
          'default',
        ))!;
        if (lease.spec.holderIdentity !== 'skewed-holder') return;
        await electionClient
          .replace({ ...lease, spec: { ...lease.spec, renewTime: skewed() } })
          .catch(() => {});
        await new Promise(r => setTimeout(r, 200));
      }
    })();
    const candidate = await startOperator({
      kubeConfig: electionSim.kubeConfig(),
      config: { leaseName: 'skew-test' },
      leaderElection: {
        leaseDurationSeconds: 2,
        renewDeadlineMs: 1500,
        retryPeriodMs: 100,
      },
    });
    try {
      // A renewTime an hour old means nothing: the record keeps changing.
      for (let i = 0; i < 30; i++) {
        expect(candidate.isLeader()).toBe(false);
        await new Promise(r => setTimeout(r, 100));
      }
      renewing = false;
      await holder;
      await waitFor(() => candidate.isLeader(), {
        what: 'the candidate to take over once renewals stop',
      });
    } finally {
      renewing = false;
      await candidate.stop();
      electionClient.close();
      await electionSim.stop();
    }
  });

  it('stops leading at the renew deadline when the API server stalls', async () => {
    const electionSim = await startKubeSim({ port: 0 });
    await installCrds(electionSim.kubeConfig(), { demoTemplates: false });
    const leader = await startOperator({
      kubeConfig: electionSim.kubeConfig(),
      config: { leaseName: 'stall-test' },
      leaderElection: {
        leaseDurationSeconds: 2,
        renewDeadlineMs: 1500,
        retryPeriodMs: 100,
      },
    });
    try {
      await waitFor(() => leader.isLeader(), { what: 'leadership' });
      electionSim.faults.setLatency(120_000);
      const stalledAt = Date.now();
      await waitFor(() => !leader.isLeader(), {
        what: 'the leader to step down',
        timeoutMs: 10_000,
      });
      // Well before a request could have timed out with retries.
      expect(Date.now() - stalledAt).toBeLessThan(10_000);
      electionSim.faults.setLatency(0);
      await waitFor(() => leader.isLeader(), {
        what: 'leadership again once the API answers',
      });
    } finally {
      electionSim.faults.setLatency(0);
      await leader.stop();
      await electionSim.stop();
    }
  });
});
