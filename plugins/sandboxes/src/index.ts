/**
 * The sandboxes frontend plugin: the /sandboxes page, each sandbox's page,
 * the entity "Sandboxes" tab and card, and the create dialog.
 *
 * @packageDocumentation
 */
export {
  sandboxesPlugin,
  SandboxesPage,
  EntitySandboxesContent,
  EntitySandboxesCard,
} from './plugin';
export { sandboxesApiRef } from './api';
export { SANDBOX_TEMPLATE_ANNOTATION } from './annotations';
