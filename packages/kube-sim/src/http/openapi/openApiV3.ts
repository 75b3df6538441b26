import { createHash } from 'node:crypto';
import type { ResourceRegistry } from '../../registry/ResourceRegistry';
import type { ResourceType } from '../../registry/ResourceType';
import { BuiltinDefinitions } from './builtinDefinitions';

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function schemaName(rt: ResourceType): string {
  const reversed = rt.group
    ? rt.group.split('.').reverse().join('.')
    : 'io.k8s.api.core';
  return `${reversed}.${rt.version}.${rt.kind}`;
}

/** The OpenAPI v3 root: one entry per group/version. */
export function openApiV3Root(registry: ResourceRegistry) {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  const gvs = new Map<string, ResourceType[]>();
  for (const rt of registry.all()) {
    const key = gvPath(rt.group, rt.version);
    gvs.set(key, [...(gvs.get(key) ?? []), rt]);
  }
  for (const [path, types] of gvs) {
    const hash = createHash('sha256')
      .update(JSON.stringify(types.map(t => [t.kind, t.schema ?? null])))
      .digest('hex')
      .slice(0, 32)
      .toUpperCase();
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
  }
  return { paths };
}

/**
 * An OpenAPI v3 document for one group/version: PATCH with its
 * fieldValidation parameter (kubectl then leaves validation to the server),
 * the Go API types' definitions for built-in kinds (`kubectl explain`) and,
 * for custom resources, the CRD's schema.
 */
export function openApiV3GroupVersion(
  registry: ResourceRegistry,
  group: string,
  version: string,
) {
  const types = registry.inGroupVersion(group, version);
  if (types.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  const builtins = new BuiltinDefinitions('#/components/schemas/');
  for (const rt of types) {
    const gvk = [{ group: rt.group, version: rt.version, kind: rt.kind }];
    const base = `/${gvPath(rt.group, rt.version)}${
      rt.namespaced ? '/namespaces/{namespace}' : ''
    }/${rt.plural}`;
    const contentTypes = [
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/apply-patch+yaml',
    ];
    const builtinName = rt.custom
      ? undefined
      : builtins.addKind(rt.apiVersion, rt.kind);
    const ref = {
      $ref: `#/components/schemas/${builtinName ?? schemaName(rt)}`,
    };
    paths[`${base}/{name}`] = {
      get: {
        operationId: `read${rt.kind}`,
        'x-kubernetes-action': 'get',
        'x-kubernetes-group-version-kind': gvk[0],
        responses: {
          '200': { content: { 'application/json': { schema: ref } } },
        },
      },
      patch: {
        operationId: `patch${rt.kind}`,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': gvk[0],
        parameters: ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map(
          name => ({
            name,
            in: 'query',
            schema: {
              type: name === 'force' ? 'boolean' : 'string',
              uniqueItems: true,
            },
          }),
        ),
        requestBody: {
          content: Object.fromEntries(
            contentTypes.map(t => [t, { schema: { type: 'object' } }]),
          ),
        },
        responses: {
          '200': { content: { 'application/json': { schema: ref } } },
        },
      },
    };
    if (builtinName) continue;
    schemas[schemaName(rt)] = {
      ...(rt.schema ?? {
        type: 'object',
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          metadata: { type: 'object' },
          spec: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
          },
          status: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
          },
        },
      }),
      'x-kubernetes-group-version-kind': gvk,
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes (kube-sim)', version: 'v1.32.0' },
    paths,
    components: { schemas: { ...builtins.all(), ...schemas } },
  };
}
