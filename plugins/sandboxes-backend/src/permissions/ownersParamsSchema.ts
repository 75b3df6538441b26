/** Parameters of the IS_OWNER rule. @public */
export type IsOwnerParams = {
  owners: string[];
};

type Issue = { message: string; path?: PropertyKey[] };

const JSON_SCHEMA = {
  type: 'object',
  required: ['owners'],
  additionalProperties: false,
  properties: {
    owners: {
      type: 'array',
      items: { type: 'string' },
      description: 'Entity refs that own the sandbox',
    },
  },
};

/**
 * A Standard Schema (with JSON Schema conversion) for IsOwnerParams, which
 * the permission framework needs for rule parameters. Written by hand: this
 * package's zod is v3, which implements neither interface.
 */
export const ownersParamsSchema = {
  '~standard': {
    version: 1 as const,
    vendor: 'sandboxes',
    validate(value: unknown): { value: IsOwnerParams } | { issues: Issue[] } {
      const owners = (value as { owners?: unknown } | null)?.owners;
      if (!Array.isArray(owners) || !owners.every(o => typeof o === 'string')) {
        return {
          issues: [
            {
              message: 'owners: must be an array of entity refs',
              path: ['owners'],
            },
          ],
        };
      }
      return { value: { owners } };
    },
    jsonSchema: {
      input: () => JSON_SCHEMA,
      output: () => JSON_SCHEMA,
    },
    types: undefined as unknown as {
      input: IsOwnerParams;
      output: IsOwnerParams;
    },
  },
};
