import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  formatParameterProblems,
  SandboxTemplateConditionTypes,
  SandboxTemplateInfo,
  SandboxTemplateResource,
  templateParameterProblems,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { KubernetesAdapter } from '../kube/KubernetesAdapter';
import { InvalidTemplateError } from './InvalidTemplateError';

/** A template and the cluster it lives on. @public */
export interface PlacedTemplate {
  cluster: string;
  resource: SandboxTemplateResource;
}

const FRESH_MS = 15_000;

/**
 * SandboxTemplates of every cluster, cached briefly; when a cluster cannot
 * be reached its last known templates are used.
 *
 * @public
 */
export class TemplateCatalog {
  readonly #adapter: KubernetesAdapter;
  readonly #cache = new Map<
    string,
    { at: number; items: SandboxTemplateResource[] }
  >();

  constructor(adapter: KubernetesAdapter) {
    this.#adapter = adapter;
  }

  async list(): Promise<PlacedTemplate[]> {
    const perCluster = await Promise.all(
      this.#adapter.clusterNames().map(async cluster => {
        const items = await this.#templatesOf(cluster).catch(() => undefined);
        return (items ?? []).map(resource => ({ cluster, resource }));
      }),
    );
    return perCluster.flat();
  }

  /**
   * The template a create names, on the named cluster or the first that has
   * it; InvalidTemplateError (422) when its declarations are broken.
   */
  async findValid(name: string, cluster?: string): Promise<PlacedTemplate> {
    const placed = await this.find(name, cluster);
    const problems = templateProblems(placed.resource);
    if (problems.length > 0) {
      throw new InvalidTemplateError(
        `template: '${name}' is not valid, ask its owner to fix it: ${problems.join(
          '; ',
        )}`,
      );
    }
    return placed;
  }

  /** The template a sandbox names; on the named cluster, or the first that has it. */
  async find(name: string, cluster?: string): Promise<PlacedTemplate> {
    if (cluster !== undefined && !this.#adapter.hasCluster(cluster)) {
      throw new InputError(
        `cluster: must be one of ${this.#adapter.clusterNames().join(', ')}`,
      );
    }
    const clusters = cluster ? [cluster] : this.#adapter.clusterNames();
    let unreachable: Error | undefined;
    for (const c of clusters) {
      try {
        const found = (await this.#templatesOf(c)).find(
          t => t.metadata.name === name,
        );
        if (found) return { cluster: c, resource: found };
      } catch (error) {
        unreachable = error as Error;
      }
    }
    if (unreachable) {
      throw new ServiceUnavailableError(
        `template: could not look up '${name}': ${unreachable.message}`,
      );
    }
    throw new InputError(
      `template: no template named '${name}'${
        cluster ? ` on cluster '${cluster}'` : ''
      }`,
    );
  }

  async #templatesOf(cluster: string): Promise<SandboxTemplateResource[]> {
    const cached = this.#cache.get(cluster);
    if (cached && Date.now() - cached.at < FRESH_MS) return cached.items;
    try {
      const items = await this.#adapter.listTemplates(cluster);
      this.#cache.set(cluster, { at: Date.now(), items });
      return items;
    } catch (error) {
      if (cached) return cached.items;
      throw error;
    }
  }
}

/**
 * What makes a template unusable for new sandboxes, each naming the field:
 * its parameter declarations, checked here when the template is read from
 * the cluster, so a bad pattern is a clear refusal and never reaches a
 * value; and the operator's verdict, its `Valid` condition (the template's
 * objects refused by a server-side dry run), when it is about the
 * template's current generation.
 */
export function templateProblems(resource: SandboxTemplateResource): string[] {
  const problems: string[] = [];
  const declared = templateParameterProblems(resource.spec.parameters ?? []);
  if (declared.length > 0) {
    problems.push(formatParameterProblems(declared, 'spec.parameters'));
  }
  const valid = resource.status?.conditions?.find(
    c => c.type === SandboxTemplateConditionTypes.Valid,
  );
  // Broken declarations stop the operator's check before any dry run, so
  // its verdict would only say the same again.
  if (
    declared.length === 0 &&
    valid?.status === 'False' &&
    valid.observedGeneration === resource.metadata.generation
  ) {
    problems.push(valid.message);
  }
  return problems;
}

/** The create form's view of a template. */
export function toTemplateInfo({
  cluster,
  resource,
}: PlacedTemplate): SandboxTemplateInfo {
  const spec = resource.spec;
  return {
    name: resource.metadata.name!,
    cluster,
    displayName: spec.displayName,
    description: spec.description,
    owner: spec.owner,
    parameters: spec.parameters ?? [],
    sizes: spec.sizes ?? [],
    defaultSize: spec.defaultSize,
    ttl: spec.ttl,
    endpoints: (spec.endpoints ?? []).map(e => ({
      name: e.name,
      path: e.path,
    })),
    problems: templateProblems(resource),
  };
}
