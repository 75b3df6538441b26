import {
  SANDBOX_API_GROUP,
  SANDBOX_API_VERSION,
  SANDBOX_KIND,
  SANDBOX_PLURAL,
  SANDBOX_TEMPLATE_KIND,
  SANDBOX_TEMPLATE_PLURAL,
} from './constants';
import {
  JSONSchemaProps,
  sandboxSchema,
  sandboxTemplateSchema,
} from './schemas';

/** An apiextensions.k8s.io/v1 CustomResourceDefinition, the parts we set. @public */
export interface CustomResourceDefinitionManifest {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    group: string;
    scope: 'Cluster' | 'Namespaced';
    names: {
      kind: string;
      listKind: string;
      plural: string;
      singular: string;
      shortNames: string[];
      categories: string[];
    };
    versions: Array<{
      name: string;
      served: boolean;
      storage: boolean;
      schema: { openAPIV3Schema: JSONSchemaProps };
      subresources?: { status?: Record<string, never> };
      additionalPrinterColumns?: Array<{
        name: string;
        type: 'string' | 'date' | 'integer' | 'boolean' | 'number';
        jsonPath: string;
        description?: string;
        priority?: number;
      }>;
    }>;
  };
}

/** Short names for kubectl: `kubectl get sbx`, `kubectl get sbxt`. @public */
export const SANDBOX_SHORT_NAME = 'sbx';
/** @public */
export const SANDBOX_TEMPLATE_SHORT_NAME = 'sbxt';

/** The Sandbox CustomResourceDefinition. @public */
export function sandboxCrdManifest(): CustomResourceDefinitionManifest {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${SANDBOX_PLURAL}.${SANDBOX_API_GROUP}` },
    spec: {
      group: SANDBOX_API_GROUP,
      scope: 'Cluster',
      names: {
        kind: SANDBOX_KIND,
        listKind: `${SANDBOX_KIND}List`,
        plural: SANDBOX_PLURAL,
        singular: 'sandbox',
        shortNames: [SANDBOX_SHORT_NAME],
        categories: ['sandboxes'],
      },
      versions: [
        {
          name: SANDBOX_API_VERSION,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: sandboxSchema },
          subresources: { status: {} },

          additionalPrinterColumns: [
            { name: 'Owner', type: 'string', jsonPath: '.spec.owner' },
            {
              name: 'Template',
              type: 'string',
              jsonPath: '.spec.templateRef.name',
            },
            { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
            {
              name: 'Age',
              type: 'date',
              jsonPath: '.metadata.creationTimestamp',
            },
            // A string, not a date: kubectl renders date columns as an age,
            // which for a time in the future says nothing useful.
            {
              name: 'Expires',
              type: 'string',
              jsonPath: '.spec.expiresAt',
            },
            { name: 'URL', type: 'string', jsonPath: '.status.url' },
            {
              name: 'Namespace',
              type: 'string',
              jsonPath: '.status.namespace',
              priority: 1,
            },
          ],
        },
      ],
    },
  };
}

/** The SandboxTemplate CustomResourceDefinition. @public */
export function sandboxTemplateCrdManifest(): CustomResourceDefinitionManifest {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${SANDBOX_TEMPLATE_PLURAL}.${SANDBOX_API_GROUP}` },
    spec: {
      group: SANDBOX_API_GROUP,
      scope: 'Cluster',
      names: {
        kind: SANDBOX_TEMPLATE_KIND,
        listKind: `${SANDBOX_TEMPLATE_KIND}List`,
        plural: SANDBOX_TEMPLATE_PLURAL,
        singular: 'sandboxtemplate',
        shortNames: [SANDBOX_TEMPLATE_SHORT_NAME],
        categories: ['sandboxes'],
      },
      versions: [
        {
          name: SANDBOX_API_VERSION,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: sandboxTemplateSchema },
          // Only the operator writes status, and a spec change never
          // carries it: the Valid condition stays the operator's word.
          subresources: { status: {} },
          additionalPrinterColumns: [
            {
              name: 'Display Name',
              type: 'string',
              jsonPath: '.spec.displayName',
            },
            { name: 'Owner', type: 'string', jsonPath: '.spec.owner' },
            {
              name: 'Valid',
              type: 'string',
              jsonPath: '.status.conditions[?(@.type=="Valid")].status',
            },
            {
              name: 'Age',
              type: 'date',
              jsonPath: '.metadata.creationTimestamp',
            },
          ],
        },
      ],
    },
  };
}

/** Both CRDs, Sandbox first. @public */
export function sandboxCrdManifests(): CustomResourceDefinitionManifest[] {
  return [sandboxCrdManifest(), sandboxTemplateCrdManifest()];
}
