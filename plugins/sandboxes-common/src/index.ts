/**
 * Types, custom resource definitions, permissions and the typed API client
 * shared by the sandboxes plugins.
 *
 * @packageDocumentation
 */
export * from './crd/constants';
export * from './crd/types';
export * from './api/types';
export * from './api/SandboxesApi';
export * from './api/signals';
export * from './permissions/permissions';
export * from './client';
export * from './crd/schemas';
export * from './crd/crdManifests';
export * from './crd/crdYaml';
export * from './names';
export * from './builds/imageReference';
export * from './validation';
export * from './catalog/sandboxRefs';
