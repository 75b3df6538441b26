import type { ResourceType } from '../../registry/ResourceType';

/** One error of a kubernetes-models validator (an ajv error object). */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** Runs the compiled OpenAPI schema of one kind; returns its errors (none when valid). */
export type SchemaValidator = (data: unknown) => SchemaError[];

/**
 * The kubernetes-models module of a built-in kind (`kubernetes-models/apps/v1/Deployment`,
 * generated from the definition io.k8s.api.apps.v1.Deployment of the
 * Kubernetes v1.33.0 OpenAPI spec). Undefined for CustomResourceDefinition,
 * whose recursive JSONSchemaProps kube-sim checks with its own CRD rules.
 */
export function schemaModulePath(
  rt: Pick<ResourceType, 'group' | 'version' | 'kind'>,
): string | undefined {
  if (rt.group === 'apiextensions.k8s.io') return undefined;
  return `kubernetes-models/${rt.group ? `${rt.group}/` : ''}${rt.version}/${
    rt.kind
  }`;
}

/** Loads the compiled schema validator of a built-in kind (the model class's validate). */
export function loadSchemaValidator(modulePath: string): SchemaValidator {
  const kind = modulePath.slice(modulePath.lastIndexOf('/') + 1);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const model = require(modulePath)[kind] as {
    prototype: { validate(this: unknown): void };
  };
  return data => {
    try {
      model.prototype.validate.call(data);
      return [];
    } catch (error) {
      const errors = (error as { errors?: SchemaError[] }).errors;
      if (!errors) throw error;
      return errors;
    }
  };
}
