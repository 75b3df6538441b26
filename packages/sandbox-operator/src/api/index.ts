/**
 * The API types the operator reconciles, shared with the backend through
 * @sandboxkit/backstage-plugin-sandboxes-common (as a kubebuilder project keeps its
 * api/ apart from its controllers). Only operator-side helpers live here.
 */
export type {
  SandboxResource,
  SandboxSpec,
  SandboxStatus,
  SandboxPhase,
  SandboxTemplateResource,
  SandboxTemplateSpec,
  TemplateResource,
  TemplateParameter,
  Condition,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
export {
  SANDBOX_API_GROUP,
  SANDBOX_API_GROUP_VERSION,
  SANDBOX_KIND,
  SANDBOX_TEMPLATE_KIND,
  SANDBOX_FINALIZER,
  SandboxLabels,
  SandboxAnnotations,
  SandboxConditionTypes,
  OPERATOR_FIELD_MANAGER,
} from '@sandboxkit/backstage-plugin-sandboxes-common';

import { SANDBOX_API_GROUP } from '@sandboxkit/backstage-plugin-sandboxes-common';

/** Operator-private annotations on the sandbox namespace and its workloads. */
export const OperatorAnnotations = {
  /** Hash of the desired state last applied in full, and when. */
  applied: `${SANDBOX_API_GROUP}/applied`,
  /** JSON list of kind/name of every template object applied, for pruning. */
  appliedObjects: `${SANDBOX_API_GROUP}/applied-objects`,
  /**
   * On a workload's pod template: hash of the sandbox's ConfigMaps and
   * Secrets it reads, so changing one rolls exactly the workloads reading it.
   */
  configChecksum: `${SANDBOX_API_GROUP}/config-checksum`,
} as const;
