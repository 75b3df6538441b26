import {
  Condition,
  SandboxLabels,
  SandboxTemplateConditionTypes,
  SandboxTemplateResource,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { OperatorConfig } from '../config';
import { KubeClient } from '../kube/KubeClient';
import { isConflict, isNotFound, isRefusal } from '../kube/errors';
import { resourceType } from '../kube/resources';
import { KubeObject } from '../kube/types';
import { ConditionUpdate, mergeConditions } from './conditions';
import { MANAGED_BY } from './namespaceOwnership';
import {
  RenderedObject,
  renderTemplateForCheck,
} from './renderTemplateForCheck';
import { TemplateError } from './TemplateError';

const NAMESPACE = resourceType('v1', 'Namespace');

/** Options of {@link TemplateValidator}. */
export interface TemplateValidatorOptions {
  client: KubeClient;
  config: OperatorConfig;
  /** The informer's cached template. */
  template(name: string): SandboxTemplateResource | undefined;
  now?: () => Date;
}

/**
 * Template admission: renders a SandboxTemplate's objects for every size
 * (with default parameters, by the reconciler's own rendering) and sends
 * each to the API server as a server-side apply with dryRun=All and
 * fieldValidation=Strict: the server's own schema, validation and admission
 * judge them, and nothing is stored. The verdict is the template's `Valid`
 * condition, naming object, template field and the server's message.
 *
 * Level-triggered on the template's generation: a template whose Valid
 * condition already observed its generation is not checked again (a
 * restart sends nothing). A refusal is the answer, never retried; only an
 * error that says nothing about the template (the server unreachable, the
 * dry-run namespace missing) is thrown, for the caller to retry later.
 *
 * Dry runs of namespaced objects need a namespace that exists: the
 * operator's own dry-run namespace (config.dryRunNamespace), which it
 * creates with its managed-by label so its admission policy lets it write
 * there, and which never holds anything.
 */
export class TemplateValidator {
  readonly #client: KubeClient;
  readonly #config: OperatorConfig;
  readonly #template: TemplateValidatorOptions['template'];
  readonly #now: () => Date;
  #namespaceReady = false;

  constructor(options: TemplateValidatorOptions) {
    this.#client = options.client;
    this.#config = options.config;
    this.#template = options.template;
    this.#now = options.now ?? (() => new Date());
  }

  async reconcile(name: string): Promise<void> {
    const template = this.#template(name);
    if (!template || template.metadata.deletionTimestamp) return;
    const generation = template.metadata.generation ?? 0;
    const current = validOf(template);
    if (current?.observedGeneration === generation) return;
    const verdict = await this.#check(template);
    const [condition] = mergeConditions(
      current ? [current] : [],
      [verdict],
      generation,
      this.#now().toISOString(),
    );
    // Only the Valid condition is sent: other writers' conditions stay theirs.
    await this.#client.apply(
      {
        apiVersion: template.apiVersion,
        kind: template.kind,
        metadata: { name },
        status: { observedGeneration: generation, conditions: [condition] },
      },
      { subresource: 'status' },
    );
  }

  async #check(template: SandboxTemplateResource): Promise<ConditionUpdate> {
    let rendered: RenderedObject[];
    try {
      rendered = renderTemplateForCheck(template, this.#config);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      return invalid(error.reason, error.message);
    }
    await this.#ensureNamespace();
    const sizes = template.spec.sizes.map(s => s.name);
    // Keyed by object, template field and message: a refusal every size
    // shares is reported once.
    const refusals = new Map<
      string,
      { entry: RenderedObject; message: string }
    >();
    for (const entry of rendered) {
      const object: KubeObject = {
        ...entry.object,
        metadata: {
          ...entry.object.metadata,
          namespace: this.#config.dryRunNamespace,
        },
      };
      try {
        await this.#client.apply(object, { dryRun: true });
      } catch (error) {
        if (!isRefusal(error)) {
          // Most likely the dry-run namespace went away: make it again.
          if (isNotFound(error)) this.#namespaceReady = false;
          throw error;
        }
        const { kind, metadata } = entry.object;
        const key = JSON.stringify([
          kind,
          metadata.name,
          entry.source,
          error.message,
        ]);
        const seen = refusals.get(key);
        if (seen) seen.entry.sizes.push(...entry.sizes);
        else
          refusals.set(key, {
            entry: { ...entry, sizes: [...entry.sizes] },
            message: error.message,
          });
      }
    }
    if (refusals.size > 0) {
      return invalid(
        'ObjectRefused',
        [...refusals.values()]
          .map(
            ({ entry, message }) =>
              `${describe(
                entry,
                sizes,
              )} was refused by the API server: ${message}`,
          )
          .join('; '),
      );
    }
    return {
      type: SandboxTemplateConditionTypes.Valid,
      status: 'True',
      reason: 'DryRunPassed',
      message: `Its ${rendered.length} objects (sizes ${sizes.join(
        ', ',
      )}, default parameters) pass a server-side dry run with strict field validation.`,
    };
  }

  /** Creates the dry-run namespace once per term, or finds it ours. */
  async #ensureNamespace(): Promise<void> {
    if (this.#namespaceReady) return;
    const name = this.#config.dryRunNamespace;
    const live = await this.#client.get(NAMESPACE, name);
    if (!live) {
      try {
        await this.#client.create({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name,
            labels: { [SandboxLabels.managedBy]: MANAGED_BY },
            annotations: {
              'sandboxkit.dev/purpose':
                'Server-side dry runs of SandboxTemplate objects; never holds anything.',
            },
          },
        });
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    } else if (
      live.metadata.labels?.[SandboxLabels.managedBy] !== MANAGED_BY ||
      live.metadata.deletionTimestamp
    ) {
      throw new Error(
        `namespace ${name} is terminating or not labelled ${SandboxLabels.managedBy}=${MANAGED_BY}; templates are checked by dry runs there (--dry-run-namespace)`,
      );
    }
    this.#namespaceReady = true;
  }
}

function validOf(template: SandboxTemplateResource): Condition | undefined {
  return template.status?.conditions?.find(
    c => c.type === SandboxTemplateConditionTypes.Valid,
  );
}

function invalid(reason: string, message: string): ConditionUpdate {
  return {
    type: SandboxTemplateConditionTypes.Valid,
    status: 'False',
    reason,
    message,
  };
}

/** "Service api (spec.resources[api-service], size large)". */
function describe(entry: RenderedObject, sizes: string[]): string {
  const { kind, metadata } = entry.object;
  const only =
    entry.sizes.length < sizes.length ? `, size ${entry.sizes.join(', ')}` : '';
  return `${kind} ${metadata.name} (${entry.source}${only})`;
}
