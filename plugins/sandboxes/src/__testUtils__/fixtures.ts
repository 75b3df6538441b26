import {
  Sandbox,
  SandboxDetails,
  SandboxTemplateInfo,
} from '@sandboxkit/backstage-plugin-sandboxes-common';

/** A ready sandbox; override what a test cares about. */
export function aSandbox(overrides: Partial<Sandbox> = {}): Sandbox {
  const name = overrides.name ?? 'jane-payments-1';
  return {
    name,
    displayName: overrides.displayName ?? name,
    cluster: 'local',
    template: 'payments-demo',
    owner: 'user:default/jane',
    entityRef: 'component:default/payments',
    size: 'small',
    parameters: { branch: 'main' },
    phase: 'Ready',
    suspended: false,
    namespace: `sandbox-${name}`,
    url: `https://${name}.sandboxes.localhost`,
    endpoints: [{ name: 'web', url: `https://${name}.sandboxes.localhost` }],
    components: [
      { name: 'api', kind: 'Deployment', desiredReplicas: 1, readyReplicas: 1 },
      { name: 'web', kind: 'Deployment', desiredReplicas: 2, readyReplicas: 2 },
    ],
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'AllComponentsReady',
        message: 'All components are ready',
        lastTransitionTime: new Date(Date.now() - 60_000).toISOString(),
      },
    ],
    createdAt: new Date(Date.now() - 3_600_000).toISOString(),
    expiresAt: new Date(Date.now() + 42 * 60_000 + 30_000).toISOString(),
    extensionsUsed: 0,
    secretParameters: [],
    lastActivityAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    stale: false,
    ...overrides,
  };
}

/** A sandbox with everything its page shows. */
export function aSandboxDetails(
  overrides: Partial<SandboxDetails> = {},
): SandboxDetails {
  const base = aSandbox(overrides);
  return {
    links: [
      {
        title: 'Logs',
        url: `https://logs.example/?namespace=${base.namespace}`,
        type: 'logs',
      },
      {
        title: 'Metrics',
        url: `https://grafana.example/d/ns?var-namespace=${base.namespace}`,
        type: 'metrics',
      },
    ],
    connectCommands: [
      {
        title: 'Forward the API to localhost:8080',
        command: `kubectl -n ${base.namespace} port-forward svc/api 8080:80`,
      },
    ],
    lifetime: {
      maxExpiresAt: new Date(Date.now() + 8 * 3_600_000).toISOString(),
      extensionsLeft: 3,
      maxExtensionMinutes: 240,
    },
    ...base,
    ...overrides,
  };
}

/** A template with a parameter of each kind and two sizes. */
export function aTemplate(
  overrides: Partial<SandboxTemplateInfo> = {},
): SandboxTemplateInfo {
  return {
    name: 'payments-demo',
    cluster: 'local',
    displayName: 'Payments demo',
    description: 'The payments API and its web shop, with sample orders.',
    parameters: [
      {
        name: 'branch',
        type: 'string',
        title: 'Branch',
        description: 'Git branch whose images to run',
        required: true,
        default: 'main',
        pattern: '[a-z0-9][a-z0-9./-]*',
      },
      {
        name: 'orders',
        type: 'number',
        title: 'Sample orders',
        default: 100,
        minimum: 0,
        maximum: 1000,
      },
      {
        name: 'region',
        type: 'string',
        title: 'Region',
        enum: ['eu', 'us'],
        default: 'eu',
      },
      {
        name: 'debug',
        type: 'boolean',
        title: 'Debug logging',
        default: false,
      },
    ],
    sizes: [
      {
        name: 'small',
        description: 'For a quick look',
        components: {
          api: { replicas: 1, cpu: '250m', memory: '256Mi' },
          web: { replicas: 1, cpu: '100m', memory: '128Mi' },
        },
      },
      {
        name: 'large',
        description: 'For demos with many people',
        components: {
          api: { replicas: 3, cpu: '1', memory: '1Gi' },
          web: { replicas: 2, cpu: '500m', memory: '512Mi' },
        },
      },
    ],
    defaultSize: 'small',
    ttl: { defaultMinutes: 120, maxMinutes: 480 },
    endpoints: [{ name: 'web', path: '/' }],
    ...overrides,
  };
}
