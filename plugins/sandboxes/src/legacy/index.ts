/**
 * The sandboxes plugin for apps on the legacy frontend system (App.tsx routes
 * and an EntityPage): `@sandboxkit/backstage-plugin-sandboxes/legacy`.
 *
 * @packageDocumentation
 */
export {
  sandboxesPlugin,
  SandboxesPage,
  EntitySandboxesContent,
  EntitySandboxesCard,
} from './plugin';
export { sandboxesApiRef } from '../api';
export { SANDBOX_TEMPLATE_ANNOTATION } from '../annotations';
