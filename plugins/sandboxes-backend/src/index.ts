/**
 * The sandboxes backend plugin, and what a portal's permission policy needs
 * to decide sandbox permissions.
 *
 * @packageDocumentation
 */
export { sandboxesPlugin as default } from './plugin';
export { DefaultSandboxPermissionPolicy } from './permissions/DefaultSandboxPermissionPolicy';
export {
  createSandboxConditionalDecision,
  isSandboxOwner,
  sandboxConditions,
  sandboxPermissionResourceRef,
  sandboxRules,
} from './permissions/rules';
export type { SandboxPermissionResource } from './permissions/rules';
export type { IsOwnerParams } from './permissions/ownersParamsSchema';
export type {
  SandboxFilter,
  SandboxPermissionCriteria,
} from './database/types';
