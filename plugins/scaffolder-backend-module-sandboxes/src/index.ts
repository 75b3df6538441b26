/**
 * Scaffolder actions that start, wait for, change and delete sandboxes through the
 * sandboxes backend, on behalf of the user running the template.
 *
 * @packageDocumentation
 */
export { scaffolderModuleSandboxes as default } from './module';
export { createSandboxCreateAction } from './actions/createSandboxCreateAction';
export { createSandboxWaitAction } from './actions/createSandboxWaitAction';
export { createSandboxUpdateAction } from './actions/createSandboxUpdateAction';
export { createSandboxDeleteAction } from './actions/createSandboxDeleteAction';
export type { SandboxActionsOptions } from './actions/options';
export { QuotaExceededError } from './actions/sandboxesErrors';
export { SandboxWaitError } from './actions/waitForPhase';
export {
  createPublishLocalAction,
  type PublishLocalActionOptions,
} from './actions/createPublishLocalAction';
