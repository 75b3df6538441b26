import type { ResourceType } from '../registry/ResourceType';
import { storageKey } from '../registry/ResourceType';
import type { KubeObject } from '../types';
import { isObject } from '../util/json';
import type { WriteContext, WriteResult } from './requestTypes';

interface LastApply {
  resource: ResourceType;
  uid: string;
  /** The resourceVersion the apply left the object at. */
  resourceVersion: string;
  manager: string;
  subresource: string | undefined;
  fieldValidation: string | undefined;
  body: string;
  warnings: string[];
}

/** Past this many objects the memory is dropped (and rebuilt by the next applies). */
const MAX_ENTRIES = 100_000;

/**
 * Each object's last server-side apply. Applying is a function of the live
 * object and the configuration, so the same manager applying the same
 * configuration again to an object nobody has written since gets the same
 * answer: the unchanged object, without decoding, validating and merging it
 * again (a controller's resync applies mostly that). An object written since
 * (another resourceVersion), recreated (another uid) or served by a changed
 * CRD (another ResourceType) misses, and so does a configuration carrying a
 * resourceVersion precondition.
 */
export class RepeatedApplies {
  readonly #last = new Map<string, LastApply>();

  #key(rt: ResourceType, ns: string, name: string): string {
    return `${storageKey(rt)}\0${ns}\0${name}`;
  }

  /** The answer of an apply that repeats the last one, or undefined. */
  repeated(
    rt: ResourceType,
    before: KubeObject | undefined,
    body: string,
    ctx: WriteContext,
    subresource: string | undefined,
  ): WriteResult | undefined {
    if (!before || ctx.dryRun) return undefined;
    const last = this.#last.get(
      this.#key(rt, before.metadata.namespace ?? '', before.metadata.name!),
    );
    if (
      !last ||
      last.resource !== rt ||
      last.uid !== before.metadata.uid ||
      last.resourceVersion !== before.metadata.resourceVersion ||
      last.manager !== ctx.fieldManager ||
      last.subresource !== subresource ||
      last.fieldValidation !== ctx.fieldValidation ||
      last.body !== body
    )
      return undefined;
    return { object: before, code: 200, warnings: [...last.warnings] };
  }

  /** Remembers a successful apply of `body`, the configuration as sent (`patch` parsed). */
  remember(
    rt: ResourceType,
    body: string,
    patch: unknown,
    ctx: WriteContext,
    subresource: string | undefined,
    result: WriteResult,
  ): void {
    const { metadata } = result.object;
    const precondition =
      isObject(patch) &&
      isObject(patch.metadata) &&
      patch.metadata.resourceVersion !== undefined;
    if (ctx.dryRun || precondition || !metadata.uid) return;
    if (this.#last.size >= MAX_ENTRIES) this.#last.clear();
    this.#last.set(this.#key(rt, metadata.namespace ?? '', metadata.name!), {
      resource: rt,
      uid: metadata.uid,
      resourceVersion: metadata.resourceVersion!,
      manager: ctx.fieldManager!,
      subresource,
      fieldValidation: ctx.fieldValidation,
      body,
      warnings: result.warnings,
    });
  }
}
