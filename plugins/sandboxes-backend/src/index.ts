/**
 * The sandboxes backend plugin.
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
export type { SandboxesConfig } from './config';
export type {
  SandboxFilter,
  SandboxPermissionCriteria,
  SandboxFleetRecord,
} from './database/types';
export type {
  ActorContext,
  SuspendOptions,
  ResumeOptions,
  SandboxService,
} from './services/SandboxService';
