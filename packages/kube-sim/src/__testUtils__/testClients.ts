import {
  ApiextensionsV1Api,
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
} from '@kubernetes/client-node';
import type { KubeSim } from '../startKubeSim';

/** Real @kubernetes/client-node clients pointed at a simulator. */
export function testClients(sim: KubeSim) {
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeConfigYaml());
  return {
    kc,
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    batch: kc.makeApiClient(BatchV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
    crds: kc.makeApiClient(ApiextensionsV1Api),
    objects: KubernetesObjectApi.makeApiClient(kc),
  };
}

/** The Status body of a failed client-node call. */
export async function failure(promise: Promise<unknown>): Promise<{
  code: number;
  status: Record<string, any>;
  headers: Record<string, string>;
}> {
  try {
    await promise;
  } catch (error) {
    const e = error as {
      code?: number;
      body?: unknown;
      headers?: Record<string, string>;
    };
    const body =
      typeof e.body === 'string'
        ? JSON.parse(e.body)
        : (e.body as Record<string, any>);
    return { code: e.code ?? 0, status: body ?? {}, headers: e.headers ?? {} };
  }
  throw new Error('expected the call to fail');
}

/**
 * Creates a CRD with a raw JSON POST. client-node's typed
 * ApiextensionsV1Api serializes through its model classes, which expect
 * `xKubernetesPreserveUnknownFields` / `_default` / `_enum` spellings and drop
 * the wire names a manifest uses.
 */
export async function createCrd(sim: KubeSim, crd: object): Promise<void> {
  const res = await fetch(
    `${sim.url}/apis/apiextensions.k8s.io/v1/customresourcedefinitions`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(crd),
    },
  );
  if (res.status !== 201)
    throw new Error(`CRD create failed: ${res.status} ${await res.text()}`);
}

/** Polls until the check returns a truthy value. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `condition not met within ${timeoutMs} ms${
          lastError ? `: ${lastError}` : ''
        }`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

/** A namespaced CRD with status and scale subresources, a schema and printer columns. */
export const SANDBOX_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.dev' },
  spec: {
    group: 'example.dev',
    scope: 'Namespaced',
    names: {
      kind: 'Widget',
      plural: 'widgets',
      singular: 'widget',
      shortNames: ['wd'],
    },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: {
          status: {},
          scale: {
            specReplicasPath: '.spec.replicas',
            statusReplicasPath: '.status.replicas',
          },
        },
        additionalPrinterColumns: [
          { name: 'Size', type: 'string', jsonPath: '.spec.size' },
          { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
        ],
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['image'],
                properties: {
                  image: { type: 'string', minLength: 1 },
                  size: {
                    type: 'string',
                    enum: ['small', 'large'],
                    default: 'small',
                  },
                  replicas: { type: 'integer', minimum: 0, maximum: 10 },
                  name: { type: 'string', pattern: '^[a-z]+$', maxLength: 8 },
                  expiresAt: { type: 'string', format: 'date-time' },
                  extra: {
                    type: 'object',
                    'x-kubernetes-preserve-unknown-fields': true,
                  },
                },
              },
              status: {
                type: 'object',
                properties: {
                  phase: { type: 'string' },
                  replicas: { type: 'integer' },
                },
              },
            },
          },
        },
      },
    ],
  },
};

/** A cluster-scoped CRD, for owners of namespaces. */
export const CLUSTER_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'tenants.example.dev' },
  spec: {
    group: 'example.dev',
    scope: 'Cluster',
    names: { kind: 'Tenant', plural: 'tenants', singular: 'tenant' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
          },
        },
      },
    ],
  },
};
