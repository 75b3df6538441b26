/**
 * A Kubernetes API simulator: a real HTTP API server for local development and tests.
 *
 * @packageDocumentation
 */

export { startKubeSim } from './startKubeSim';
export type { KubeSim, KubeSimOptions } from './startKubeSim';
export type { KubeConfigObject } from './kubeconfig';
export { Faults } from './faults/Faults';
export type {
  FailNextOptions,
  FailRateOptions,
  FaultCode,
} from './faults/Faults';
export { ApiServer } from './api/ApiServer';
export { StatusError } from './errors/StatusError';
export type { Status, StatusCause, StatusDetails } from './errors/StatusError';
export type {
  KubeObject,
  ObjectMeta,
  OwnerReference,
  ManagedFieldsEntry,
} from './types';
export { IMAGE_PULL_FAILURE_PATTERN } from './controllers/imagePullRules';
export { EXIT_CODE_ANNOTATION, NODE_NAME } from './controllers/Kubelet';
