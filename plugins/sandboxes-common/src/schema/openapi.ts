/**
 * The OpenAPI 3 document of the sandboxes backend REST API, served by the
 * backend at GET /api/sandboxes/openapi.json. The shapes mirror
 * `api/types.ts`; a backend test checks the router's routes and these paths
 * agree.
 */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const errorResponse = (description: string) => ({
  description,
  content: json(ref('Error')),
});
const nameParameter = {
  name: 'name',
  in: 'path',
  required: true,
  schema: {
    type: 'string',
    pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
    maxLength: 40,
  },
};
const commonErrors = {
  '400': errorResponse('A field breaks a rule; the message names it'),
  '401': errorResponse('Not signed in'),
  '403': errorResponse('Not allowed'),
};
const writeErrors = {
  ...commonErrors,
  '404': errorResponse('No such sandbox'),
  '409': errorResponse('Conflicting state'),
  '503': errorResponse('The cluster cannot be reached; nothing was changed'),
};
const detailsResponse = {
  '200': { description: 'The new state', content: json(ref('SandboxDetails')) },
};
const action = (summary: string, body?: object) => ({
  post: {
    summary,
    operationId: summary.replace(/\W+/g, '_'),
    parameters: [nameParameter],
    ...(body
      ? { requestBody: { required: true, content: json(body) } }
      : {
          requestBody: {
            required: false,
            content: json({ type: 'object', additionalProperties: false }),
          },
        }),
    responses: { ...detailsResponse, ...writeErrors },
  },
});

/** @public */
export const sandboxesOpenApiDocument = {
  openapi: '3.0.3',
  info: {
    title: 'sandboxes',
    version: '1',
    description:
      'Create, list, scale down, wake, extend, reseed and delete sandboxes: short-lived copies of an application stack, one Kubernetes namespace each.',
  },
  servers: [{ url: '/api/sandboxes' }],
  paths: {
    '/sandboxes': {
      get: {
        summary: 'List sandboxes',
        operationId: 'listSandboxes',
        parameters: [
          {
            name: 'owner',
            in: 'query',
            schema: { type: 'string' },
            description: '"me" or an entity ref',
          },
          { name: 'entityRef', in: 'query', schema: { type: 'string' } },
          { name: 'template', in: 'query', schema: { type: 'string' } },
          { name: 'phase', in: 'query', schema: ref('Phase') },
          { name: 'cluster', in: 'query', schema: { type: 'string' } },
          {
            name: 'q',
            in: 'query',
            schema: { type: 'string', maxLength: 200 },
          },
          {
            name: 'sort',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['createdAt', 'expiresAt', 'name', 'lastActivityAt'],
            },
          },
          {
            name: 'order',
            in: 'query',
            schema: { type: 'string', enum: ['asc', 'desc'] },
          },
          {
            name: 'limit',
            in: 'query',
            schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
          },
          { name: 'cursor', in: 'query', schema: { type: 'string' } },
        ],
        responses: {
          '200': {
            description:
              'A page of sandboxes; items are marked stale when their cluster is unreachable',
            content: json({
              type: 'object',
              required: ['items', 'totalCount'],
              properties: {
                items: { type: 'array', items: ref('Sandbox') },
                totalCount: { type: 'integer' },
                nextCursor: { type: 'string' },
              },
            }),
          },
          ...commonErrors,
        },
      },
      post: {
        summary: 'Create a sandbox owned by the caller',
        operationId: 'createSandbox',
        requestBody: {
          required: true,
          content: json(ref('CreateSandboxRequest')),
        },
        responses: {
          '201': {
            description: 'Created',
            content: json(ref('SandboxDetails')),
          },
          ...writeErrors,
          '429': {
            ...errorResponse('Over a quota; the message says which'),
            headers: {
              'Retry-After': {
                schema: { type: 'integer' },
                description: 'Seconds until the soonest slot frees up',
              },
            },
          },
        },
      },
    },
    '/sandboxes/{name}': {
      get: {
        summary:
          'One sandbox with status, endpoints, links, components and conditions',
        operationId: 'getSandbox',
        parameters: [nameParameter],
        responses: {
          '200': {
            description: 'The sandbox',
            content: json(ref('SandboxDetails')),
          },
          ...commonErrors,
          '404': errorResponse('No such sandbox'),
        },
      },
      delete: {
        summary: 'Delete a sandbox',
        operationId: 'deleteSandbox',
        parameters: [nameParameter],
        responses: {
          '204': { description: 'Deletion started' },
          ...writeErrors,
        },
      },
    },
    '/sandboxes/{name}/suspend': action(
      'Scale a sandbox down',
      ref('ReasonRequest'),
    ),
    '/sandboxes/{name}/resume': action(
      'Wake a sandbox up',
      ref('ReasonRequest'),
    ),
    '/sandboxes/{name}/extend': action(
      'Extend the lifetime',
      ref('ExtendSandboxRequest'),
    ),
    '/sandboxes/{name}/reseed': action('Run the seed job again'),
    '/sandboxes/{name}/keep-awake': action(
      'Pin awake until a time, or unpin',
      ref('KeepAwakeRequest'),
    ),
    '/sandboxes/{name}/activity': {
      get: {
        summary: 'The timeline of a sandbox, newest first',
        operationId: 'getActivity',
        parameters: [nameParameter],
        responses: {
          '200': {
            description: 'Entries',
            content: json({
              type: 'object',
              properties: {
                items: { type: 'array', items: ref('SandboxActivity') },
              },
            }),
          },
          ...commonErrors,
          '404': errorResponse('No such sandbox'),
        },
      },
    },
    '/sandboxes/{name}/autoscaler': {
      get: {
        summary:
          "The autoscaler's status of a sandbox: state, last decision with its evidence, savings",
        operationId: 'getSandboxAutoscalerStatus',
        parameters: [nameParameter],
        responses: {
          '200': { description: 'Status', content: json({ type: 'object' }) },
          ...commonErrors,
          '404': errorResponse('No such sandbox, or no autoscaler installed'),
        },
      },
    },
    '/autoscaler': {
      get: {
        summary:
          'The autoscaler per cluster (metrics source health, last cycle) and the savings',
        operationId: 'getAutoscalerOverview',
        responses: {
          '200': {
            description: 'Overview',
            content: json({
              type: 'object',
              properties: {
                clusters: { type: 'array', items: { type: 'object' } },
                savings: { type: 'object' },
              },
            }),
          },
          ...commonErrors,
        },
      },
    },
    '/templates': {
      get: {
        summary: 'Templates of every configured cluster',
        operationId: 'listTemplates',
        responses: {
          '200': {
            description: 'Templates',
            content: json({
              type: 'object',
              properties: {
                items: { type: 'array', items: ref('SandboxTemplateInfo') },
              },
            }),
          },
          ...commonErrors,
        },
      },
    },
    '/openapi.json': {
      get: {
        summary: 'This document',
        operationId: 'getOpenApiDocument',
        security: [],
        responses: { '200': { description: 'OpenAPI 3 document' } },
      },
    },
    '/health': {
      get: {
        summary:
          'Readiness: 200 when every cluster is reachable, 503 otherwise',
        operationId: 'getHealth',
        security: [],
        responses: {
          '200': { description: 'All clusters reachable' },
          '503': { description: 'A cluster is unreachable' },
        },
      },
    },
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Phase: {
        type: 'string',
        enum: [
          'Pending',
          'Provisioning',
          'Ready',
          'Suspending',
          'Suspended',
          'Resuming',
          'Expired',
          'Failed',
          'Deleting',
        ],
      },
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              message: { type: 'string' },
            },
          },
          request: { type: 'object' },
          response: {
            type: 'object',
            properties: { statusCode: { type: 'integer' } },
          },
        },
      },
      CreateSandboxRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['template'],
        properties: {
          template: { type: 'string' },
          cluster: { type: 'string' },
          name: {
            type: 'string',
            pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
            maxLength: 40,
            description: 'Generated as <template>-<6 random> when absent',
          },
          displayName: { type: 'string', maxLength: 255 },
          parameters: {
            type: 'object',
            additionalProperties: {
              oneOf: [
                { type: 'string' },
                { type: 'number' },
                { type: 'boolean' },
              ],
            },
          },
          size: { type: 'string' },
          ttlMinutes: { type: 'integer', minimum: 1 },
          entityRef: { type: 'string' },
        },
      },
      ReasonRequest: {
        type: 'object',
        additionalProperties: false,
        properties: { reason: { type: 'string', maxLength: 500 } },
      },
      ExtendSandboxRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['minutes'],
        properties: { minutes: { type: 'integer', minimum: 1 } },
      },
      KeepAwakeRequest: {
        type: 'object',
        additionalProperties: false,
        properties: {
          until: { type: 'string', format: 'date-time', nullable: true },
        },
      },
      Sandbox: {
        type: 'object',
        required: [
          'name',
          'displayName',
          'cluster',
          'template',
          'owner',
          'phase',
          'suspended',
          'createdAt',
          'expiresAt',
          'stale',
        ],
        properties: {
          name: { type: 'string' },
          displayName: { type: 'string' },
          cluster: { type: 'string' },
          template: { type: 'string' },
          owner: { type: 'string' },
          entityRef: { type: 'string' },
          size: { type: 'string' },
          parameters: { type: 'object' },
          phase: ref('Phase'),
          suspended: { type: 'boolean' },
          namespace: { type: 'string' },
          url: { type: 'string' },
          endpoints: {
            type: 'array',
            items: {
              type: 'object',
              properties: { name: { type: 'string' }, url: { type: 'string' } },
            },
          },
          components: { type: 'array', items: { type: 'object' } },
          conditions: { type: 'array', items: { type: 'object' } },
          createdAt: { type: 'string', format: 'date-time' },
          expiresAt: { type: 'string', format: 'date-time' },
          extensionsUsed: { type: 'integer' },
          lastActivityAt: { type: 'string', format: 'date-time' },
          suspendReason: { type: 'string' },
          keepAwakeUntil: { type: 'string', format: 'date-time' },
          stale: { type: 'boolean' },
        },
      },
      SandboxDetails: {
        allOf: [
          ref('Sandbox'),
          {
            type: 'object',
            properties: {
              links: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    title: { type: 'string' },
                    url: { type: 'string' },
                    type: { type: 'string' },
                  },
                },
              },
              connectCommands: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    title: { type: 'string' },
                    command: { type: 'string' },
                  },
                },
              },
              lifetime: {
                type: 'object',
                properties: {
                  maxExpiresAt: { type: 'string', format: 'date-time' },
                  extensionsLeft: { type: 'integer' },
                  maxExtensionMinutes: { type: 'integer' },
                },
              },
            },
          },
        ],
      },
      SandboxActivity: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          sandbox: { type: 'string' },
          type: { type: 'string' },
          actor: { type: 'string' },
          message: { type: 'string' },
          at: { type: 'string', format: 'date-time' },
          details: { type: 'object' },
        },
      },
      SandboxTemplateInfo: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          cluster: { type: 'string' },
          displayName: { type: 'string' },
          description: { type: 'string' },
          parameters: { type: 'array', items: { type: 'object' } },
          sizes: { type: 'array', items: { type: 'object' } },
          defaultSize: { type: 'string' },
          ttl: {
            type: 'object',
            properties: {
              defaultMinutes: { type: 'integer' },
              maxMinutes: { type: 'integer' },
            },
          },
          endpoints: { type: 'array', items: { type: 'object' } },
        },
      },
    },
  },
  security: [{ bearer: [] }],
} as const;
