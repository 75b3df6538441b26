/**
 * Catalog module that publishes every sandbox as a catalog `Resource` of
 * type `sandbox`.
 *
 * @packageDocumentation
 */
export { catalogModuleSandboxes as default } from './module';
export * from './SandboxesEntityProvider';
export * from './sandboxToEntity';
