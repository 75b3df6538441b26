import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { SANDBOX_RESOURCE_TYPE } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { SandboxFilter } from '../database/types';
import { ownersParamsSchema } from './ownersParamsSchema';

/** What rules are applied to: the owner of a sandbox. @public */
export interface SandboxPermissionResource {
  name: string;
  owner: string;
}

/** @public */
export const sandboxPermissionResourceRef = createPermissionResourceRef<
  SandboxPermissionResource,
  SandboxFilter
>().with({ pluginId: 'sandboxes', resourceType: SANDBOX_RESOURCE_TYPE });

/**
 * IS_OWNER: the sandbox's owner is one of the given refs (a policy passes the
 * user's ownership refs: the user and their groups).
 *
 * @public
 */
export const isSandboxOwner = createPermissionRule({
  name: 'IS_OWNER',
  description: 'Allow sandboxes owned by the given entity refs',
  resourceRef: sandboxPermissionResourceRef,
  paramsSchema: ownersParamsSchema,
  apply: (resource, { owners }) => owners.includes(resource.owner),
  toQuery: ({ owners }) => ({ key: 'owner', values: owners }),
});

/** @public */
export const sandboxRules = { isSandboxOwner };

const exports = createConditionExports({
  pluginId: 'sandboxes',
  resourceType: SANDBOX_RESOURCE_TYPE,
  rules: sandboxRules,
});

/** Conditions for policies: `sandboxConditions.isSandboxOwner({ owners })`. @public */
export const sandboxConditions = exports.conditions;

/** @public */
export const createSandboxConditionalDecision =
  exports.createConditionalDecision;
