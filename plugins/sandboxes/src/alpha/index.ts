/**
 * The sandboxes plugin for the new frontend system.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
