import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { SANDBOX_PHASES } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { z } from 'zod';
import {
  SANDBOX_NAME_MAX_LENGTH,
  SANDBOX_NAME_PATTERN,
} from '../services/names';

const DNS_LABEL_RULE =
  'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit';

const sandboxName = z
  .string()
  .min(1)
  .max(SANDBOX_NAME_MAX_LENGTH)
  .regex(SANDBOX_NAME_PATTERN, DNS_LABEL_RULE);

const resourceName = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
    'must be a Kubernetes resource name (DNS-1123 subdomain)',
  );

const entityRef = z
  .string()
  .min(1)
  .max(255)
  .refine(value => {
    try {
      parseEntityRef(value);
      return /^[^:/]+:[^:/]+\/[^:/]+$/.test(value);
    } catch {
      return false;
    }
  }, 'must be a full entity ref like kind:namespace/name');

const shortText = (max: number) => z.string().min(1).max(max);

export const createSandboxBody = z
  .object({
    template: resourceName,
    cluster: shortText(255).optional(),
    name: sandboxName.optional(),
    displayName: shortText(255).optional(),
    parameters: z
      .record(
        z.string().max(253),
        z.union([z.string().max(4096), z.number().finite(), z.boolean()]),
      )
      .refine(
        p => Object.keys(p).length <= 100,
        'must have at most 100 entries',
      )
      .optional(),
    size: shortText(63).optional(),
    ttlMinutes: z.number().int().min(1).max(43_200).optional(),
    entityRef: entityRef.optional(),
  })
  .strict();

export const listSandboxesQuery = z
  .object({
    owner: z.union([z.literal('me'), entityRef]).optional(),
    entityRef: entityRef.optional(),
    template: resourceName.optional(),
    phase: z.enum(SANDBOX_PHASES).optional(),
    cluster: shortText(255).optional(),
    q: z.string().max(200).optional(),
    sort: z
      .enum(['createdAt', 'expiresAt', 'name', 'lastActivityAt'])
      .optional(),
    order: z.enum(['asc', 'desc']).optional(),
    limit: z
      .string()
      .regex(/^\d{1,4}$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().int().min(1).max(500))
      .optional(),
    cursor: z.string().min(1).max(1000).optional(),
  })
  .strict();

export const nameParam = z.object({ name: sandboxName });

export const reasonBody = z
  .object({ reason: z.string().min(1).max(500).optional() })
  .strict();

export const extendBody = z
  .object({ minutes: z.number().int().min(1).max(43_200) })
  .strict();

export const keepAwakeBody = z
  .object({
    until: z.string().datetime({ offset: true }).nullable().optional(),
  })
  .strict();

export const emptyBody = z.object({}).strict();

/**
 * Parses with a schema or throws an InputError naming each field and rule:
 * "body.ttlMinutes: Number must be less than or equal to 43200".
 */
export function parse<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  where: 'body' | 'query' | 'path',
): z.infer<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const message = result.error.issues
    .map(issue => {
      const field = [where, ...issue.path].join('.');
      if (issue.code === 'unrecognized_keys') {
        return `${field}: unknown field(s) ${issue.keys.join(', ')}`;
      }
      return `${field}: ${issue.message}`;
    })
    .join('; ');
  throw new InputError(message);
}
