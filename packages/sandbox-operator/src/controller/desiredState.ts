import { createHash } from 'crypto';
import {
  isDns1123Subdomain,
  SandboxAnnotations,
  SandboxLabels,
  SandboxResource,
  SandboxTemplateResource,
  SECRET_PARAMETERS_SECRET_NAME,
  TemplateSize,
  sandboxHost,
  sandboxNamespace,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { OperatorConfig } from '../config';
import { findResourceType } from '../kube/resources';
import { KubeObject } from '../kube/types';
import { dependencyOrder } from './dependencyOrder';
import {
  FoundationNames,
  networkPolicy,
  podSecurityLabels,
  podSecurityLevel,
} from './foundation';
import { ingressTls } from './ingressTls';
import { toLabelValue } from './names';
import { checkSecretParameterValues, resolveParameters } from './parameters';
import { PlaceholderLookup, substitute } from './placeholders';
import {
  SecretParameterValues,
  secretParametersDigest,
  secretParametersSecret,
} from './secretParameters';
import { TemplateError } from './TemplateError';
import { stampConfigChecksums } from './configChecksums';
import { applyComponentSettings, WORKLOAD_KINDS } from './workloads';
import {
  routesToWaker,
  routeToWaker,
  WAKER_SERVICE_NAME,
} from '../waker/routing';

/** Bump when the shape of what is applied changes, so everything re-applies. */
const DESIRED_STATE_VERSION = '2';

/** One template object, ready to apply. */
export interface DesiredResource {
  name: string;
  dependencies: string[];
  waitForReady: boolean;
  object: KubeObject;
}

/** A Deployment or StatefulSet of the template and the replicas it should run. */
export interface DesiredWorkload {
  name: string;
  kind: string;
  /** Replicas when running (what resume restores). */
  replicas: number;
  /** Keeps running while the sandbox sleeps (the template says so). */
  neverSleeps: boolean;
}

/** Everything a sandbox should consist of, computed without touching the cluster. */
export interface DesiredState {
  namespace: KubeObject;
  /** Quota, limits, network policy, service account, parameters ConfigMap. */
  foundation: KubeObject[];
  /** Created once and never overwritten: generated credentials. */
  credentials: KubeObject;
  /**
   * The Secret sandbox-parameters with the secret parameter values, when
   * the template declares secret parameters, and `digest`, which stands for
   * the values in checksums and `hash`. Undefined too when the sandbox names
   * secret parameters whose values were not given: such a desired state is
   * never applied (see SandboxReconciler).
   */
  secretParameters?: { object: KubeObject; digest: string };
  /** Template objects in dependency order. */
  resources: DesiredResource[];
  workloads: DesiredWorkload[];
  seed?: { generation: number; job: KubeObject; waitForCompletion: boolean };
  /**
   * The endpoints' Ingresses; while the sandbox sleeps or wakes, preceded by
   * the waker's Service that they then point at (see waker/routing.ts).
   */
  routing: KubeObject[];
  /** True when `routing` sends requests to the waker. */
  routedToWaker: boolean;
  endpoints: Array<{ name: string; url: string }>;
  /** Hash of everything above except credentials (random) and seed. */
  hash: string;
}

function pickSize(
  template: SandboxTemplateResource,
  requested: string | undefined,
): TemplateSize {
  const name =
    requested ?? template.spec.defaultSize ?? template.spec.sizes[0]?.name;
  const size = template.spec.sizes.find(s => s.name === name);
  if (!size) {
    throw new TemplateError(
      'UnknownSize',
      `The size "${name}" is not offered by template ${
        template.metadata.name
      }; choose one of ${template.spec.sizes.map(s => s.name).join(', ')}.`,
    );
  }
  return size;
}

/**
 * Computes the desired state of a sandbox from its template. Pure: every
 * check a template or sandbox can fail happens here, before anything is
 * applied, so a bad template leaves nothing half-applied behind.
 * `secretValues` are the staged values of the sandbox's secret parameters
 * (spec.secretParameters.keys), read by the caller.
 */
export function buildDesiredState(
  sandbox: SandboxResource,
  template: SandboxTemplateResource,
  config: OperatorConfig,
  randomPassword: () => string,
  secretValues?: SecretParameterValues,
): DesiredState {
  const sandboxName = sandbox.metadata.name!;
  const ns = sandboxNamespace(sandboxName, config.namespacePrefix);
  const declared = template.spec.parameters ?? [];
  const secretKeys = sandbox.spec.secretParameters?.keys ?? [];
  const parameters = resolveParameters(
    declared,
    sandbox.spec.parameters,
    secretKeys,
  );
  if (secretValues) checkSecretParameterValues(declared, secretValues.values);
  const secretNames = new Set(declared.filter(p => p.secret).map(p => p.name));
  const size = pickSize(template, sandbox.spec.size);
  const suspended = sandbox.spec.suspend === true;
  const labels = {
    [SandboxLabels.sandbox]: toLabelValue(sandboxName),
    [SandboxLabels.owner]: toLabelValue(sandbox.spec.owner),
    [SandboxLabels.template]: toLabelValue(template.metadata.name!),
    [SandboxLabels.managedBy]: 'sandbox-operator',
  };
  const meta = { namespace: ns, labels };

  const endpointUrls = new Map<string, { host: string; url: string }>();
  for (const endpoint of template.spec.endpoints ?? []) {
    const host = sandboxHost(sandboxName, endpoint.name, config.baseDomain);
    endpointUrls.set(endpoint.name, {
      host,
      url: `${config.urlScheme}://${host}${
        config.urlPort ? `:${config.urlPort}` : ''
      }${endpoint.path ?? '/'}`,
    });
  }
  const firstEndpoint = [...endpointUrls.values()][0];
  const primaryHost =
    firstEndpoint?.host ??
    `${sandboxNamespace(sandboxName, '')}.${config.baseDomain}`;

  const lookup: PlaceholderLookup = (path, where) => {
    const [scope, name, field, ...rest] = path.split('.');
    if (rest.length) return undefined;
    switch (scope) {
      case 'parameters': {
        if (field !== undefined) return undefined;
        if (secretNames.has(name)) {
          throw new TemplateError(
            'SecretParameterPlaceholder',
            `The template uses \${{ ${path} }} at ${where}, but ${name} is a secret parameter: a placeholder never inserts its value, which would show to every reader of the object. Read it from Secret ${SECRET_PARAMETERS_SECRET_NAME} key ${name} with secretKeyRef (or envFrom).`,
          );
        }
        if (name in parameters) return parameters[name];
        return declared.some(p => p.name === name) ? '' : undefined;
      }
      case 'sandbox':
        if (field !== undefined) return undefined;
        return {
          name: sandboxName,
          namespace: ns,
          owner: sandbox.spec.owner,
          host: primaryHost,
        }[name];
      case 'size': {
        const component = size.components[name];
        if (!component) return undefined;
        if (field === 'replicas') return component.replicas;
        if (field === 'cpu' || field === 'memory') return component[field];
        return undefined;
      }
      case 'endpoints': {
        const endpoint = endpointUrls.get(name);
        if (!endpoint || (field !== 'url' && field !== 'host'))
          return undefined;
        return endpoint[field];
      }
      default:
        return undefined;
    }
  };

  const ordered = dependencyOrder(template.spec.resources);
  const resources: DesiredResource[] = [];
  const workloads: DesiredWorkload[] = [];
  const seen = new Set<string>();
  for (const resource of ordered) {
    const object = substitute(
      resource.template,
      lookup,
      `resources[${resource.name}]`,
    ) as KubeObject;
    const where = `Resource "${resource.name}"`;
    if (
      typeof object.apiVersion !== 'string' ||
      typeof object.kind !== 'string'
    ) {
      throw new TemplateError(
        'InvalidResource',
        `${where} has no apiVersion or kind.`,
      );
    }
    const type = findResourceType(object.apiVersion, object.kind);
    if (!type || !type.allowedInTemplates) {
      throw new TemplateError(
        'UnknownKind',
        `${where} is a ${object.kind} (${object.apiVersion}), which sandbox templates cannot create.`,
      );
    }
    const name = object.metadata?.name;
    if (typeof name !== 'string' || !isDns1123Subdomain(name)) {
      throw new TemplateError(
        'InvalidResource',
        `${where} needs metadata.name in lower case letters, digits, '-' and '.'.`,
      );
    }
    if (
      object.metadata.namespace !== undefined &&
      object.metadata.namespace !== ns
    ) {
      throw new TemplateError(
        'InvalidResource',
        `${where} sets metadata.namespace; sandbox objects always go to the sandbox's own namespace.`,
      );
    }
    if (object.kind === 'Secret' && name === SECRET_PARAMETERS_SECRET_NAME) {
      throw new TemplateError(
        'InvalidResource',
        `${where} is a Secret named ${SECRET_PARAMETERS_SECRET_NAME}, which the operator keeps for the sandbox's secret parameters; choose another name.`,
      );
    }
    const key = `${object.kind}/${name}`;
    if (seen.has(key)) {
      throw new TemplateError(
        'InvalidResource',
        `Two resources create ${key}.`,
      );
    }
    seen.add(key);
    object.metadata = {
      ...object.metadata,
      namespace: ns,
      labels: {
        ...(object.metadata.labels as Record<string, string> | undefined),
        ...labels,
        [SandboxLabels.component]: toLabelValue(resource.name),
      },
    };
    if (WORKLOAD_KINDS.has(object.kind)) {
      const replicas = applyComponentSettings(object, {
        component: size.components[name],
        image: sandbox.spec.images?.[name],
      });
      const neverSleeps = resource.neverSleeps === true;
      workloads.push({ name, kind: object.kind, replicas, neverSleeps });
      if (suspended && !neverSleeps) {
        (object.spec as Record<string, unknown>).replicas = 0;
        object.metadata.annotations = {
          ...object.metadata.annotations,
          [SandboxAnnotations.replicasBeforeSuspend]: String(replicas),
        };
      }
    }
    resources.push({
      name: resource.name,
      dependencies: resource.dependsOn ?? [],
      waitForReady: resource.waitForReady === true,
      object,
    });
  }

  const workloadNames = new Set(workloads.map(w => w.name));
  for (const component of Object.keys(size.components)) {
    if (!workloadNames.has(component)) {
      throw new TemplateError(
        'UnknownComponent',
        `Size "${size.name}" sets ${component}, but the template has no Deployment or StatefulSet named ${component}.`,
      );
    }
  }
  for (const component of Object.keys(sandbox.spec.images ?? {})) {
    if (!workloadNames.has(component)) {
      throw new TemplateError(
        'UnknownComponent',
        `The sandbox overrides the image of ${component}, but the template has no Deployment or StatefulSet named ${component}.`,
      );
    }
  }

  const services = new Set(
    resources
      .filter(r => r.object.kind === 'Service')
      .map(r => r.object.metadata.name),
  );
  if (services.has(WAKER_SERVICE_NAME)) {
    throw new TemplateError(
      'InvalidResource',
      `The Service name ${WAKER_SERVICE_NAME} is kept for the waker that answers while the sandbox sleeps; choose another.`,
    );
  }
  const ingresses = (template.spec.endpoints ?? []).map(endpoint => {
    if (!services.has(endpoint.service)) {
      throw new TemplateError(
        'UnknownService',
        `Endpoint "${endpoint.name}" points at Service ${endpoint.service}, which the template does not create.`,
      );
    }
    const name = `endpoint-${endpoint.name}`;
    const host = endpointUrls.get(endpoint.name)!.host;
    const { annotations, tls } = ingressTls(config, name, host);
    return {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name, ...meta, ...(annotations ? { annotations } : {}) },
      spec: {
        ...(config.ingressClassName
          ? { ingressClassName: config.ingressClassName }
          : {}),
        ...(tls ? { tls } : {}),
        rules: [
          {
            host,
            http: {
              paths: [
                {
                  path: endpoint.path ?? '/',
                  pathType: 'Prefix',
                  backend: {
                    service: {
                      name: endpoint.service,
                      port: { number: endpoint.port },
                    },
                  },
                },
              ],
            },
          },
        ],
      },
    } as KubeObject;
  });

  const foundation: KubeObject[] = [];
  if (template.spec.resourceQuota) {
    foundation.push({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: FoundationNames.resourceQuota, ...meta },
      spec: { hard: template.spec.resourceQuota.hard },
    });
  }
  if (template.spec.limitRange) {
    foundation.push({
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: FoundationNames.limitRange, ...meta },
      spec: { limits: [{ type: 'Container', ...template.spec.limitRange }] },
    });
  }
  foundation.push(
    networkPolicy(
      template.spec.networkPolicy?.mode ?? 'isolated',
      meta,
      config,
    ),
  );
  foundation.push({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: FoundationNames.serviceAccount, ...meta },
    // Sandbox workloads have no business with the Kubernetes API.
    automountServiceAccountToken: false,
  });
  foundation.push({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: FoundationNames.parameters, ...meta },
    data: {
      ...Object.fromEntries(
        Object.entries(parameters).map(([k, v]) => [k, String(v)]),
      ),
      SANDBOX_NAME: sandboxName,
      SANDBOX_NAMESPACE: ns,
      SANDBOX_OWNER: sandbox.spec.owner,
      SANDBOX_HOST: primaryHost,
      SANDBOX_SIZE: size.name,
    },
  });

  // The Secret with the values exists whenever the template declares secret
  // parameters, so a workload's envFrom finds it even when none was given.
  const secretParameters =
    secretNames.size > 0 && (secretKeys.length === 0 || secretValues)
      ? {
          object: secretParametersSecret(meta, secretValues?.values ?? {}),
          digest: secretValues ? secretParametersDigest(secretValues) : '',
        }
      : undefined;
  const templateObjects = resources.map(r => r.object);
  stampConfigChecksums(templateObjects, [
    ...foundation,
    ...templateObjects,
    // Workloads reading the values roll when they change, by a digest that
    // does not reveal them.
    ...(secretParameters
      ? [
          {
            ...secretParameters.object,
            data: { digest: secretParameters.digest },
          },
        ]
      : []),
  ]);

  const namespace: KubeObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: ns,
      labels: {
        ...labels,
        ...podSecurityLabels(
          podSecurityLevel(
            config.podSecurityLevel,
            template.spec.podSecurity?.level,
          ),
        ),
      },
      annotations: { [SandboxAnnotations.owner]: sandbox.spec.owner },
      ownerReferences: [
        {
          apiVersion: sandbox.apiVersion,
          kind: 'Sandbox',
          name: sandboxName,
          uid: sandbox.metadata.uid!,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
  };

  const seedGeneration = sandbox.spec.seedGeneration ?? 0;
  const seed = template.spec.seed
    ? {
        generation: seedGeneration,
        waitForCompletion: template.spec.seed.waitForCompletion !== false,
        job: {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: {
            name: `seed-${seedGeneration}`,
            ...meta,
            labels: { ...labels, [SandboxLabels.component]: 'seed' },
          },
          spec: substitute(template.spec.seed.jobSpec, lookup, 'seed.jobSpec'),
        } as KubeObject,
      }
    : undefined;

  const routedToWaker = ingresses.length > 0 && routesToWaker(sandbox);
  const routing = routedToWaker
    ? routeToWaker(ingresses, config, meta)
    : ingresses;

  const hash = createHash('sha256')
    .update(
      JSON.stringify([
        DESIRED_STATE_VERSION,
        namespace,
        foundation,
        resources.map(r => r.object),
        routing,
        // Only when there is one, so other sandboxes' hashes stay as they were.
        ...(secretParameters ? [secretParameters.digest] : []),
      ]),
    )
    .digest('hex')
    .slice(0, 16);

  return {
    namespace,
    foundation,
    credentials: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: FoundationNames.credentials, ...meta },
      type: 'Opaque',
      stringData: { username: 'sandbox', password: randomPassword() },
    },
    secretParameters,
    resources,
    workloads,
    seed,
    routing,
    routedToWaker,
    endpoints: [...endpointUrls].map(([name, { url }]) => ({ name, url })),
    hash,
  };
}
