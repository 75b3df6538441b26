/**
 * Node library of the sandboxes plugin: a service ref with a typed client of
 * the sandboxes backend API for other backend plugins, and extension points.
 *
 * @packageDocumentation
 */
export * from './SandboxesService';
export * from './DefaultSandboxesService';
export * from './sandboxesServiceRef';
export * from './metricsSource';
