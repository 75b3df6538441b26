/**
 * OpenAPI v3 structural schemas of the Sandbox and SandboxTemplate custom
 * resources. The CRD manifests (crdManifests.ts, and the YAML in `crds/`)
 * are built from these; schemas.test.ts checks them against types.ts so the
 * TypeScript shape and the cluster's validation cannot drift apart.
 */
import { DNS1123_LABEL_PATTERN } from '../validation/names';
import { PATTERN_LIMITS } from '../validation/patterns';
import { SANDBOX_PHASES } from './types';

/** A structural OpenAPI v3 schema node, the subset CRDs use. @public */
export interface JSONSchemaProps {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps;
  items?: JSONSchemaProps;
  required?: string[];
  enum?: Array<string | number>;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
}

/** A Backstage entity ref in its full form, kind:namespace/name or kind:name. @public */
export const ENTITY_REF_PATTERN =
  '^[a-zA-Z][a-zA-Z0-9-]*:([a-zA-Z0-9][a-zA-Z0-9_.-]*/)?[a-zA-Z0-9][a-zA-Z0-9_.-]*$';

/** A template parameter's name, usable in a placeholder and as a Secret key. */
const PARAMETER_NAME_PATTERN = '^[a-zA-Z][a-zA-Z0-9_]*$';

/** A Kubernetes resource quantity such as 250m, 1, 512Mi. @public */
export const QUANTITY_PATTERN = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

const dnsLabel = (description: string): JSONSchemaProps => ({
  type: 'string',
  description,
  pattern: DNS1123_LABEL_PATTERN,
  maxLength: 63,
});

const stringMap = (description: string): JSONSchemaProps => ({
  type: 'object',
  description,
  additionalProperties: { type: 'string' },
});

const scalarValue = (description: string): JSONSchemaProps => ({
  description: `${description} (a string, number or boolean).`,
  'x-kubernetes-preserve-unknown-fields': true,
});

const quantity = (description: string): JSONSchemaProps => ({
  type: 'string',
  description,
  pattern: QUANTITY_PATTERN,
});

const conditionSchema: JSONSchemaProps = {
  type: 'object',
  description: 'A metav1.Condition.',
  required: ['type', 'status', 'reason', 'message', 'lastTransitionTime'],
  properties: {
    type: { type: 'string', maxLength: 316 },
    status: { type: 'string', enum: ['True', 'False', 'Unknown'] },
    reason: {
      type: 'string',
      maxLength: 1024,
      minLength: 1,
      pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$',
    },
    message: { type: 'string', maxLength: 32768 },
    observedGeneration: { type: 'integer', minimum: 0 },
    lastTransitionTime: { type: 'string', format: 'date-time' },
  },
};

/** A status's conditions: one per type, as metav1.Condition lists are. */
const conditionsSchema: JSONSchemaProps = {
  type: 'array',
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': ['type'],
  items: conditionSchema,
};

/** Schema of SandboxTemplate. @public */
export const sandboxTemplateSchema: JSONSchemaProps = {
  type: 'object',
  description:
    'What a sandbox contains: parameters, sizes, TTL, quotas, isolation and the objects to create.',
  required: ['spec'],
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      required: ['displayName', 'sizes', 'ttl', 'resources'],
      properties: {
        displayName: {
          type: 'string',
          minLength: 1,
          maxLength: 100,
          description: 'Name shown to people choosing a template.',
        },
        description: { type: 'string', maxLength: 2000 },
        owner: {
          type: 'string',
          pattern: ENTITY_REF_PATTERN,
          description: 'Entity ref of the team that maintains the template.',
        },
        parameters: {
          type: 'array',
          maxItems: 50,
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: {
            type: 'object',
            required: ['name', 'type'],
            properties: {
              name: {
                type: 'string',
                pattern: PARAMETER_NAME_PATTERN,
                maxLength: 63,
                description: 'Used in placeholders: ${{ parameters.<name> }}.',
              },
              type: { type: 'string', enum: ['string', 'number', 'boolean'] },
              title: { type: 'string', maxLength: 200 },
              description: { type: 'string', maxLength: 2000 },
              required: { type: 'boolean' },
              default: scalarValue('Value used when none is given'),
              enum: {
                type: 'array',
                items: scalarValue('An allowed value'),
              },
              pattern: {
                type: 'string',
                maxLength: PATTERN_LIMITS.maxLength,
                description:
                  'RE2 regular expression a string value must match in full.',
              },
              minimum: { type: 'number' },
              maximum: { type: 'number' },
              mutable: {
                type: 'boolean',
                description:
                  'True: the value may be changed on a running sandbox.',
              },
              secret: {
                type: 'boolean',
                description:
                  'True: the value is kept only in the Secret sandbox-parameters of the sandbox namespace, never shown.',
              },
            },
          },
        },
        sizes: {
          type: 'array',
          minItems: 1,
          maxItems: 10,
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: {
            type: 'object',
            required: ['name', 'components'],
            properties: {
              name: dnsLabel('Size name, e.g. small.'),
              description: { type: 'string', maxLength: 500 },
              components: {
                type: 'object',
                description: 'Per component (workload name).',
                additionalProperties: {
                  type: 'object',
                  required: ['replicas'],
                  properties: {
                    replicas: { type: 'integer', minimum: 0, maximum: 50 },
                    cpu: quantity('CPU request, e.g. 250m.'),
                    memory: quantity('Memory request and limit, e.g. 256Mi.'),
                  },
                },
              },
            },
          },
        },
        defaultSize: dnsLabel('The size used when a sandbox names none.'),
        ttl: {
          type: 'object',
          required: ['defaultMinutes', 'maxMinutes'],
          properties: {
            defaultMinutes: { type: 'integer', minimum: 1, maximum: 525600 },
            maxMinutes: { type: 'integer', minimum: 1, maximum: 525600 },
          },
        },
        resourceQuota: {
          type: 'object',
          required: ['hard'],
          properties: { hard: stringMap('ResourceQuota spec.hard.') },
        },
        limitRange: {
          type: 'object',
          properties: {
            defaultRequest: stringMap('Container default requests.'),
            default: stringMap('Container default limits.'),
          },
        },
        networkPolicy: {
          type: 'object',
          required: ['mode'],
          properties: {
            mode: {
              type: 'string',
              enum: ['isolated', 'namespace', 'open'],
              default: 'isolated',
            },
          },
        },
        podSecurity: {
          type: 'object',
          required: ['level'],
          description:
            'Pod Security Admission level of the sandbox namespace. The operator enforces its own level (baseline by default) or this one, whichever is stricter.',
          properties: {
            level: { type: 'string', enum: ['baseline', 'restricted'] },
          },
        },
        endpoints: {
          type: 'array',
          maxItems: 20,
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: {
            type: 'object',
            required: ['name', 'service', 'port'],
            properties: {
              name: {
                ...dnsLabel('Endpoint name; the first part of its host.'),
                maxLength: 20,
              },
              service: dnsLabel('Service name in the sandbox namespace.'),
              port: { type: 'integer', minimum: 1, maximum: 65535 },
              path: { type: 'string', pattern: '^/', maxLength: 500 },
            },
          },
        },
        seed: {
          type: 'object',
          required: ['jobSpec'],
          properties: {
            jobSpec: {
              type: 'object',
              description: 'A batch/v1 JobSpec.',
              'x-kubernetes-preserve-unknown-fields': true,
            },
            waitForCompletion: { type: 'boolean' },
          },
        },
        resources: {
          type: 'array',
          minItems: 1,
          maxItems: 100,
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: {
            type: 'object',
            required: ['name', 'template'],
            properties: {
              name: dnsLabel('Unique within the template; used by dependsOn.'),
              dependsOn: {
                type: 'array',
                items: { type: 'string' },
                'x-kubernetes-list-type': 'set',
              },
              waitForReady: { type: 'boolean' },
              neverSleeps: {
                type: 'boolean',
                description:
                  'A Deployment or StatefulSet that keeps running while the sandbox sleeps.',
              },
              template: {
                type: 'object',
                description:
                  'A namespaced Kubernetes object; placeholders only in string values.',
                required: ['apiVersion', 'kind', 'metadata'],
                'x-kubernetes-preserve-unknown-fields': true,
                properties: {
                  apiVersion: { type: 'string' },
                  kind: { type: 'string' },
                  metadata: {
                    type: 'object',
                    'x-kubernetes-preserve-unknown-fields': true,
                  },
                },
              },
            },
          },
        },
        autoscaling: {
          type: 'object',
          properties: {
            enabled: { type: 'boolean' },
            idleWindowMinutes: { type: 'integer', minimum: 1, maximum: 10080 },
          },
        },
        wake: {
          type: 'object',
          description:
            'How the waker answers requests while the sandbox sleeps.',
          properties: {
            nonBrowserRequests: { type: 'string', enum: ['reject', 'hold'] },
            holdSeconds: { type: 'integer', minimum: 1, maximum: 600 },
          },
        },
        links: {
          type: 'array',
          maxItems: 20,
          items: {
            type: 'object',
            required: ['title', 'url'],
            properties: {
              title: { type: 'string', maxLength: 100 },
              url: { type: 'string', maxLength: 2000 },
              type: { type: 'string', maxLength: 50 },
            },
          },
        },
      },
    },
    status: {
      type: 'object',
      description: 'Written by the operator: whether the template is valid.',
      properties: {
        observedGeneration: { type: 'integer', minimum: 0 },
        conditions: conditionsSchema,
      },
    },
  },
};

/** A git repository URL: https, http or ssh form. */
const REPOSITORY_PATTERN = '^(https?://|ssh://|git@)[^\\s]+$';

const followedBranch = (description: string): JSONSchemaProps => ({
  type: 'object',
  description,
  required: ['repository', 'branch'],
  properties: {
    repository: {
      type: 'string',
      pattern: REPOSITORY_PATTERN,
      maxLength: 500,
      description: 'Repository URL, normalized: https://host/owner/name.',
    },
    branch: { type: 'string', minLength: 1, maxLength: 255 },
  },
});

const componentBuild: JSONSchemaProps = {
  type: 'object',
  description: 'The build a component image came from.',
  required: ['repository', 'branch', 'commit', 'movedAt'],
  properties: {
    repository: { type: 'string', maxLength: 500 },
    branch: { type: 'string', maxLength: 255 },
    commit: { type: 'string', minLength: 1, maxLength: 64 },
    commitUrl: { type: 'string', maxLength: 1000 },
    builtAt: { type: 'string', format: 'date-time' },
    sequence: { type: 'integer', minimum: 0 },
    movedAt: { type: 'string', format: 'date-time' },
  },
};

/** Schema of Sandbox. @public */
export const sandboxSchema: JSONSchemaProps = {
  type: 'object',
  description: 'One sandbox: an isolated namespace made from a template.',
  required: ['spec'],
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      required: ['templateRef', 'owner', 'expiresAt'],
      properties: {
        templateRef: {
          type: 'object',
          required: ['name'],
          properties: { name: dnsLabel('The SandboxTemplate name.') },
        },
        owner: {
          type: 'string',
          pattern: ENTITY_REF_PATTERN,
          description: 'Entity ref of the owner, e.g. user:default/jane.',
        },
        entityRef: { type: 'string', pattern: ENTITY_REF_PATTERN },
        displayName: { type: 'string', maxLength: 100 },
        parameters: {
          type: 'object',
          additionalProperties: scalarValue('A parameter value'),
        },
        size: dnsLabel('A size the template offers.'),
        suspend: { type: 'boolean' },
        expiresAt: { type: 'string', format: 'date-time' },
        images: {
          type: 'object',
          description: 'Image per component (workload name).',
          additionalProperties: {
            type: 'string',
            minLength: 1,
            maxLength: 500,
          },
        },
        follow: followedBranch(
          'Every component follows the builds of this branch.',
        ),
        componentFollow: {
          type: 'object',
          description:
            'Per component (workload name): a branch to follow instead of follow.',
          additionalProperties: followedBranch(
            'The branch this component follows.',
          ),
        },
        builds: {
          type: 'object',
          description: 'Per component: the build its image came from.',
          additionalProperties: componentBuild,
        },
        seedGeneration: { type: 'integer', minimum: 0 },
        secretParameters: {
          type: 'object',
          description:
            'The secret parameters given; their values wait in a staging Secret owned by this Sandbox.',
          required: ['keys'],
          properties: {
            keys: {
              type: 'array',
              maxItems: 50,
              'x-kubernetes-list-type': 'set',
              items: {
                type: 'string',
                pattern: PARAMETER_NAME_PATTERN,
                maxLength: 63,
              },
            },
            revision: { type: 'integer', minimum: 0 },
          },
        },
      },
    },
    status: {
      type: 'object',
      properties: {
        phase: { type: 'string', enum: [...SANDBOX_PHASES] },
        observedGeneration: { type: 'integer', minimum: 0 },
        conditions: conditionsSchema,
        namespace: { type: 'string' },
        url: { type: 'string' },
        endpoints: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'url'],
            properties: { name: { type: 'string' }, url: { type: 'string' } },
          },
        },
        components: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'kind', 'desiredReplicas', 'readyReplicas'],
            properties: {
              name: { type: 'string' },
              kind: { type: 'string' },
              desiredReplicas: { type: 'integer', minimum: 0 },
              readyReplicas: { type: 'integer', minimum: 0 },
            },
          },
        },
        seededGeneration: { type: 'integer', minimum: 0 },
        phaseTransitionTime: { type: 'string', format: 'date-time' },
        readyTime: { type: 'string', format: 'date-time' },
        suspendedTime: { type: 'string', format: 'date-time' },
        recentWakeSeconds: {
          type: 'array',
          maxItems: 10,
          items: { type: 'number', minimum: 0 },
        },
      },
    },
  },
};
