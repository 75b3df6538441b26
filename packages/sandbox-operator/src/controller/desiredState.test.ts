import {
  SandboxAnnotations,
  SandboxLabels,
  SandboxResource,
  SandboxTemplateResource,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { defaultOperatorConfig } from '../config';
import { demoTemplateFiles, readTemplates } from '../installCrds';
import { buildDesiredState } from './desiredState';
import { TemplateError } from './TemplateError';

const template = readTemplates(
  demoTemplateFiles().find(f => f.endsWith('payments-api.yaml'))!,
)[0] as unknown as SandboxTemplateResource;
const config = { ...defaultOperatorConfig, identity: 'test' };

function sandbox(spec: Partial<SandboxResource['spec']> = {}): SandboxResource {
  return {
    apiVersion: 'sandboxkit.dev/v1alpha1',
    kind: 'Sandbox',
    metadata: { name: 'demo', uid: 'uid-1', generation: 1 },
    spec: {
      templateRef: { name: 'payments-api' },
      owner: 'user:default/jane',
      expiresAt: '2030-01-01T00:00:00Z',
      ...spec,
    },
  };
}

const build = (s: SandboxResource, t: SandboxTemplateResource = template) =>
  buildDesiredState(s, t, config, () => 'pw');

function failure(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw e;
  }
  throw new Error('expected a TemplateError');
}

const withResource = (
  object: Record<string, unknown>,
): SandboxTemplateResource => ({
  ...template,
  spec: {
    ...template.spec,
    resources: [
      ...template.spec.resources,
      { name: 'extra', template: object },
    ],
  },
});

describe('buildDesiredState', () => {
  it('makes a labelled namespace owned by the cluster-scoped Sandbox', () => {
    const { namespace } = build(sandbox());
    expect(namespace.metadata.name).toBe('sandbox-demo');
    expect(namespace.metadata.labels).toMatchObject({
      [SandboxLabels.sandbox]: 'demo',
      [SandboxLabels.owner]: 'user_default_jane',
      [SandboxLabels.template]: 'payments-api',
    });
    expect(namespace.metadata.annotations?.[SandboxAnnotations.owner]).toBe(
      'user:default/jane',
    );
    expect(namespace.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'Sandbox',
        name: 'demo',
        uid: 'uid-1',
        controller: true,
      }),
    ]);
  });

  it('orders resources by dependsOn and puts them all in the sandbox namespace', () => {
    const { resources } = build(sandbox());
    expect(resources.map(r => r.name)).toEqual([
      'config',
      'webhook-sink',
      'webhook-sink-service',
      'payments-api',
      'payments-api-service',
    ]);
    expect(new Set(resources.map(r => r.object.metadata.namespace))).toEqual(
      new Set(['sandbox-demo']),
    );
  });

  it('applies the size, parameters and image overrides to the named component', () => {
    const { resources, workloads } = build(
      sandbox({
        size: 'medium',
        parameters: { rateLimit: 50 },
        images: { 'payments-api': 'registry.example/api:pr-12' },
      }),
    );
    const api = resources.find(r => r.name === 'payments-api')!.object as any;
    expect(api.spec.replicas).toBe(2);
    const container = api.spec.template.spec.containers[0];
    expect(container.image).toBe('registry.example/api:pr-12');
    expect(container.resources).toEqual({
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { memory: '256Mi' },
    });
    expect(container.env).toEqual(
      expect.arrayContaining([
        { name: 'RATE_LIMIT', value: '50' },
        { name: 'REPLICAS', value: '2' },
      ]),
    );
    expect(workloads).toEqual([
      {
        name: 'webhook-sink',
        kind: 'Deployment',
        replicas: 1,
        neverSleeps: false,
      },
      {
        name: 'payments-api',
        kind: 'Deployment',
        replicas: 2,
        neverSleeps: false,
      },
    ]);
  });

  it('zeroes replicas when suspended and records the running count in the same object', () => {
    const { resources } = build(sandbox({ size: 'large', suspend: true }));
    const api = resources.find(r => r.name === 'payments-api')!.object as any;
    expect(api.spec.replicas).toBe(0);
    expect(
      api.metadata.annotations[SandboxAnnotations.replicasBeforeSuspend],
    ).toBe('3');
  });

  it('exposes each endpoint on <endpoint>-<sandbox>.<baseDomain>', () => {
    const { routing: ingresses, endpoints } = build(sandbox());
    expect(endpoints).toEqual([
      { name: 'api', url: 'http://api-demo.sandbox.localhost/' },
      { name: 'webhooks', url: 'http://webhooks-demo.sandbox.localhost/' },
    ]);
    expect((ingresses[0] as any).spec.rules[0].host).toBe(
      'api-demo.sandbox.localhost',
    );
  });

  it('routes a sleeping or waking sandbox to the waker through an ExternalName Service, an awake one straight to its Services', () => {
    const backends = (routing: any[]) =>
      routing
        .filter(o => o.kind === 'Ingress')
        .map(o => o.spec.rules[0].http.paths[0].backend.service.name);
    const awake = build(sandbox());
    expect(awake.routedToWaker).toBe(false);
    expect(awake.routing.map(o => o.kind)).toEqual(['Ingress', 'Ingress']);
    expect(backends(awake.routing)).toEqual(['payments-api', 'webhook-sink']);

    const asleep = build(sandbox({ suspend: true }));
    expect(asleep.routedToWaker).toBe(true);
    expect(asleep.routing[0]).toMatchObject({
      kind: 'Service',
      metadata: { name: 'sandbox-waker', namespace: 'sandbox-demo' },
      spec: { type: 'ExternalName', externalName: config.wakerHost },
    });
    expect(backends(asleep.routing)).toEqual([
      'sandbox-waker',
      'sandbox-waker',
    ]);

    const waking = build({
      ...sandbox(),
      status: { phase: 'Resuming' },
    });
    expect(waking.routedToWaker).toBe(true);
    expect(waking.hash).not.toBe(awake.hash);
  });

  it('keeps components the template marks neverSleeps running while the sandbox sleeps', () => {
    const t: SandboxTemplateResource = {
      ...template,
      spec: {
        ...template.spec,
        resources: template.spec.resources.map(r =>
          r.name === 'webhook-sink' ? { ...r, neverSleeps: true } : r,
        ),
      },
    };
    const { resources, workloads } = build(sandbox({ suspend: true }), t);
    const replicas = (name: string) =>
      (resources.find(r => r.name === name)!.object.spec as any).replicas;
    expect(replicas('webhook-sink')).toBe(1);
    expect(replicas('payments-api')).toBe(0);
    expect(workloads.find(w => w.name === 'webhook-sink')!.neverSleeps).toBe(
      true,
    );
  });

  it('isolates the namespace by default: ingress from itself and the ingress controller only', () => {
    const policy = build(sandbox()).foundation.find(
      o => o.kind === 'NetworkPolicy',
    ) as any;
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.ingress[0].from).toEqual([
      { podSelector: {} },
      {
        namespaceSelector: {
          matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
        },
      },
    ]);
  });

  it('keeps every mode away from the cloud metadata address and sends DNS to configured peers', () => {
    const policyOf = (mode: 'isolated' | 'namespace' | 'open') =>
      build(sandbox(), {
        ...template,
        spec: { ...template.spec, networkPolicy: { mode } },
      }).foundation.find(o => o.kind === 'NetworkPolicy') as any;
    const isolated = policyOf('isolated');
    expect(JSON.stringify(isolated.spec.egress)).not.toContain('0.0.0.0/0');
    expect(isolated.spec.egress[1]).toEqual({
      to: config.dnsPeers,
      ports: config.dnsPorts,
    });
    for (const mode of ['namespace', 'open'] as const) {
      const policy = policyOf(mode);
      expect(policy.spec.policyTypes).toContain('Egress');
      expect(policy.spec.egress[0].to).toContainEqual({
        ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] },
      });
    }
    const nodeLocal = buildDesiredState(
      sandbox(),
      template,
      {
        ...config,
        dnsPeers: [{ ipBlock: { cidr: '169.254.20.10/32' } }],
        ingressPeers: [{ ipBlock: { cidr: '10.0.0.0/16' } }],
      },
      () => 'pw',
    ).foundation.find(o => o.kind === 'NetworkPolicy') as any;
    expect(nodeLocal.spec.egress[1].to).toEqual([
      { ipBlock: { cidr: '169.254.20.10/32' } },
    ]);
    expect(nodeLocal.spec.ingress[0].from).toContainEqual({
      ipBlock: { cidr: '10.0.0.0/16' },
    });
  });

  it('enforces baseline Pod Security, or restricted when the template asks; never weaker than configured', () => {
    const level = (t: SandboxTemplateResource, c: typeof config = config) =>
      buildDesiredState(sandbox(), t, c, () => 'pw').namespace.metadata.labels![
        'pod-security.kubernetes.io/enforce'
      ];
    expect(level(template)).toBe('baseline');
    const restricted = {
      ...template,
      spec: { ...template.spec, podSecurity: { level: 'restricted' as const } },
    };
    expect(level(restricted)).toBe('restricted');
    expect(level(template, { ...config, podSecurityLevel: 'privileged' })).toBe(
      'privileged',
    );
    expect(
      level(restricted, { ...config, podSecurityLevel: 'privileged' }),
    ).toBe('restricted');
  });

  it('hashes the desired state so unchanged sandboxes are recognised', () => {
    expect(build(sandbox()).hash).toBe(build(sandbox()).hash);
    expect(build(sandbox({ parameters: { rateLimit: 5 } })).hash).not.toBe(
      build(sandbox()).hash,
    );
  });

  it('refuses kinds a template may not create', () => {
    expect(
      failure(() =>
        build(
          sandbox(),
          withResource({
            apiVersion: 'example.com/v1',
            kind: 'Widget',
            metadata: { name: 'w' },
          }),
        ),
      ).reason,
    ).toBe('UnknownKind');
    for (const kind of ['ClusterRole', 'Namespace']) {
      const apiVersion =
        kind === 'Namespace' ? 'v1' : 'rbac.authorization.k8s.io/v1';
      expect(
        failure(() =>
          build(
            sandbox(),
            withResource({ apiVersion, kind, metadata: { name: 'x' } }),
          ),
        ).message,
      ).toMatch(/sandbox templates cannot create/);
    }
  });

  it('refuses objects aimed at another namespace', () => {
    const error = failure(() =>
      build(
        sandbox(),
        withResource({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'x', namespace: 'kube-system' },
        }),
      ),
    );
    expect(error.message).toMatch(/own namespace/);
  });

  it('keeps a hostile parameter value inert', () => {
    const hostile = 'EUR\n  extra: {kind: ClusterRoleBinding}';
    const t: SandboxTemplateResource = {
      ...template,
      spec: {
        ...template.spec,
        parameters: [
          ...template.spec.parameters!,
          { name: 'note', type: 'string' },
        ],
      },
    };
    t.spec.resources = t.spec.resources.map(r =>
      r.name === 'config'
        ? {
            ...r,
            template: {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { name: 'payments-config' },
              data: { NOTE: '${{ parameters.note }}' },
            },
          }
        : r,
    );
    const configMap = build(sandbox({ parameters: { note: hostile } }), t)
      .resources[0].object as any;
    expect(configMap.data).toEqual({ NOTE: hostile });
    expect(Object.keys(configMap)).toEqual([
      'apiVersion',
      'kind',
      'metadata',
      'data',
    ]);
  });

  it('refuses a size or image override for a component the template does not have', () => {
    expect(failure(() => build(sandbox({ size: 'huge' }))).reason).toBe(
      'UnknownSize',
    );
    expect(
      failure(() => build(sandbox({ images: { ghost: 'x' } }))).reason,
    ).toBe('UnknownComponent');
  });
});
