/**
 * The sandboxes frontend plugin for the new frontend system: the /sandboxes
 * page (with its nav item), each sandbox's page, the entity "Sandboxes" tab
 * and card, the API client. Apps on the legacy system import
 * `@sandboxkit/backstage-plugin-sandboxes/legacy`.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { sandboxesApiRef } from './api';
export { SANDBOX_TEMPLATE_ANNOTATION } from './annotations';
