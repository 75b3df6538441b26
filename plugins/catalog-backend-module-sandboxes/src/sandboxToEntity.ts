import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  EntityLink,
  ResourceEntity,
} from '@backstage/catalog-model';
import {
  Sandbox,
  SandboxLabels,
  sandboxPageUrl,
} from '@sandboxkit/backstage-plugin-sandboxes-common';

/** The `spec.type` of the Resource entities that stand for sandboxes. @public */
export const SANDBOX_RESOURCE_TYPE = 'sandbox';

/**
 * Annotations the Kubernetes plugin reads to find an entity's workloads.
 * Written out here rather than imported so this module does not depend on
 * the Kubernetes plugin packages.
 */
const KUBERNETES_LABEL_SELECTOR = 'backstage.io/kubernetes-label-selector';
const KUBERNETES_NAMESPACE = 'backstage.io/kubernetes-namespace';

/** Annotations and labels this provider adds to sandbox entities. @public */
export const SandboxEntityAnnotations = {
  cluster: 'sandboxkit.dev/cluster',
  template: 'sandboxkit.dev/template',
  expiresAt: 'sandboxkit.dev/expires-at',
  phase: 'sandboxkit.dev/phase',
} as const;

/** @public */
export interface SandboxToEntityOptions {
  /** The portal's base URL (`app.baseUrl`), for the link to the sandbox page. */
  appBaseUrl: string;
  /** The catalog namespace of sandbox Resources (`sandboxes.catalogNamespace`). */
  namespace: string;
}

/**
 * The location string of a sandbox entity. Its type names this provider, so
 * nobody mistakes it for a file or URL the catalog could read.
 *
 * @public
 */
export function sandboxLocation(sandbox: Pick<Sandbox, 'name'>): string {
  return `sandboxes:${sandbox.name}`;
}

/**
 * Maps a sandbox to the catalog `Resource` that stands for it: owned by the
 * sandbox owner, a dependency of its entity, linked to the sandbox and its
 * portal page, and annotated so the Kubernetes plugin finds its workloads.
 *
 * @public
 */
export function sandboxToEntity(
  sandbox: Sandbox,
  options: SandboxToEntityOptions,
): ResourceEntity {
  const location = sandboxLocation(sandbox);
  const annotations: Record<string, string> = {
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
    [KUBERNETES_LABEL_SELECTOR]: `${SandboxLabels.sandbox}=${sandbox.name}`,
    [SandboxEntityAnnotations.cluster]: sandbox.cluster,
    [SandboxEntityAnnotations.template]: sandbox.template,
    [SandboxEntityAnnotations.expiresAt]: sandbox.expiresAt,
  };
  if (sandbox.namespace) {
    annotations[KUBERNETES_NAMESPACE] = sandbox.namespace;
  }

  const entity: ResourceEntity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: sandbox.name,
      namespace: options.namespace,
      title: sandbox.displayName || sandbox.name,
      description: describe(sandbox),
      labels: {
        [SandboxEntityAnnotations.template]: sandbox.template,
        [SandboxEntityAnnotations.phase]: sandbox.phase,
      },
      annotations,
      tags: ['sandbox'],
      links: linksOf(sandbox, options),
    },
    spec: {
      type: SANDBOX_RESOURCE_TYPE,
      owner: sandbox.owner,
    },
  };
  if (sandbox.entityRef) {
    entity.spec.dependencyOf = [sandbox.entityRef];
  }
  return entity;
}

function describe(sandbox: Sandbox): string {
  const forEntity = sandbox.entityRef ? ` for ${sandbox.entityRef}` : '';
  return `Sandbox from the ${sandbox.template} template${forEntity}.`;
}

function linksOf(sandbox: Sandbox, options: SandboxToEntityOptions) {
  const links: EntityLink[] = [
    {
      url: sandboxPageUrl(options.appBaseUrl, sandbox.name),
      title: 'Sandbox page',
      icon: 'dashboard',
      type: 'sandbox-page',
    },
  ];
  if (sandbox.url) {
    links.push({
      url: sandbox.url,
      title: 'Open the sandbox',
      icon: 'web',
      type: 'sandbox-url',
    });
  }
  // Further endpoints beyond the main URL, each by its name.
  for (const endpoint of sandbox.endpoints) {
    if (endpoint.url !== sandbox.url) {
      links.push({
        url: endpoint.url,
        title: endpoint.name,
        icon: 'web',
        type: 'sandbox-endpoint',
      });
    }
  }
  return links;
}
