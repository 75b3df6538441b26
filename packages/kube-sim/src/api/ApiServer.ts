import { randomUUID } from 'node:crypto';
import {
  alreadyExists,
  badRequest,
  conflict,
  forbidden,
  invalid,
  notFound,
  STALE_OBJECT_MESSAGE,
  StatusCause,
  unsupportedMediaType,
} from '../errors/StatusError';
import { FieldScope } from '../patch/fieldPaths';
import { applyJsonPatch } from '../patch/jsonPatch';
import { recordUpdate } from '../patch/managedFields';
import { applyMergePatch } from '../patch/mergePatch';
import { serverSideApply } from '../patch/serverSideApply';
import { applyStrategicMergePatch } from '../patch/strategicMergePatch';
import type { ResourceRegistry } from '../registry/ResourceRegistry';
import {
  inServedVersion,
  ResourceType,
  storageKey,
} from '../registry/ResourceType';
import { admitPodLimits } from '../admission/limitRanger';
import { admitQuota } from '../admission/resourceQuota';
import { applySchema } from '../schema/applySchema';
import { builtinSchema } from '../schema/builtin/builtinSchemas';
import type { ObjectStore } from '../storage/ObjectStore';
import type { KubeObject } from '../types';
import { clone, isObject } from '../util/json';
import {
  dns1035LabelErrors,
  dnsLabelErrors,
  dnsSubdomainErrors,
  randomSuffix,
} from '../util/names';
import { nowTimestamp } from '../util/time';
import { applyBuiltinDefaults, keepAllocatedValues } from './builtinDefaults';
import { allocateNodePorts, needsNodePorts } from './nodePorts';
import {
  decodeBuiltin,
  schemaCauses,
  typedPatchError,
} from './builtinSchemaChecks';
import { listPage } from './listPage';
import { defaultFieldManager, generationChanged, isNoOp } from './objectRules';
import { pathSegmentNameErrors } from './validation/syntaxRules';
import {
  semanticCauses,
  withSemanticCauses,
} from './validation/semanticValidation';
import { RepeatedApplies } from './RepeatedApplies';
import type {
  DeleteOptions,
  DeleteResult,
  ListOptions,
  ListPage,
  PatchType,
  WriteContext,
  WriteResult,
} from './requestTypes';
import { immutableFieldCauses } from './immutableFields';
import { validateCrd } from './validateCrd';

/** Resources that PUT may create, as their real storage allows. */
const CREATE_ON_UPDATE = new Set(['leases.coordination.k8s.io', 'events']);

/**
 * The API semantics independent of HTTP: validation, defaults, optimistic
 * concurrency, generation, managed fields, status subresource rules,
 * finalizers and deletion. HTTP handlers and the built-in controllers both
 * write through it.
 */
/**
 * The name rule of a kind, as its ValidateObjectMeta is called: namespaces
 * are DNS-1123 labels, Services DNS-1035 labels (ValidateServiceName), RBAC
 * objects any path segment (minimalNameRequirements, so `system:…` names
 * work), everything else a DNS-1123 subdomain.
 */
function nameErrors(rt: ResourceType): (name: string) => string[] {
  if (rt.group === '' && rt.plural === 'namespaces') return dnsLabelErrors;
  if (rt.group === '' && rt.plural === 'services') return dns1035LabelErrors;
  if (rt.group === 'rbac.authorization.k8s.io') return pathSegmentNameErrors;
  return dnsSubdomainErrors;
}

export class ApiServer {
  readonly store: ObjectStore;
  readonly registry: ResourceRegistry;
  readonly #repeatedApplies = new RepeatedApplies();

  constructor(store: ObjectStore, registry: ResourceRegistry) {
    this.store = store;
    this.registry = registry;
  }

  get(rt: ResourceType, namespace: string, name: string): KubeObject {
    const object = this.store.get(
      storageKey(rt),
      rt.namespaced ? namespace : '',
      name,
    );
    if (!object) throw notFound(rt, name);
    return object;
  }

  find(
    rt: ResourceType,
    namespace: string,
    name: string,
  ): KubeObject | undefined {
    return this.store.get(storageKey(rt), rt.namespaced ? namespace : '', name);
  }

  list(
    rt: ResourceType,
    namespace: string | undefined,
    options: ListOptions,
  ): ListPage {
    return listPage(
      this.store,
      rt,
      rt.namespaced ? namespace : undefined,
      options,
    );
  }

  create(
    rt: ResourceType,
    namespace: string,
    body: unknown,
    ctx: WriteContext = {},
  ): WriteResult {
    const object = this.#checkBody(rt, body);
    const ns = this.#checkNamespace(rt, namespace, object);
    if (!object.metadata.name) {
      if (object.metadata.generateName) {
        object.metadata.name = `${
          object.metadata.generateName
        }${randomSuffix()}`;
      } else {
        throw invalid(rt.group, rt.kind, '', [
          {
            reason: 'FieldValueRequired',
            message: 'Required value: name or generateName is required',
            field: 'metadata.name',
          },
        ]);
      }
    }
    this.#checkNamespaceWritable(rt, ns, object.metadata.name);
    if (this.find(rt, ns, object.metadata.name))
      throw alreadyExists(rt, object.metadata.name);
    return this.#commit(rt, undefined, object, ctx, {});
  }

  update(
    rt: ResourceType,
    namespace: string,
    name: string,
    body: unknown,
    ctx: WriteContext = {},
    subresource?: string,
  ): WriteResult {
    const object = this.#checkBody(rt, body);
    const ns = this.#checkNamespace(rt, namespace, object);
    if (object.metadata.name && object.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${object.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    object.metadata.name = name;
    const before = this.find(rt, ns, name);
    if (!before) {
      if (!subresource && CREATE_ON_UPDATE.has(storageKey(rt))) {
        this.#checkNamespaceWritable(rt, ns, name);
        return this.#commit(rt, undefined, object, ctx, {});
      }
      throw notFound(rt, name);
    }
    this.#checkResourceVersion(rt, before, object);
    return this.#commit(rt, before, object, ctx, { subresource });
  }

  patch(
    rt: ResourceType,
    namespace: string,
    name: string,
    type: PatchType,
    patch: unknown,
    ctx: WriteContext = {},
    subresource?: string,
  ): WriteResult {
    const ns = rt.namespaced ? namespace : '';
    const before = this.find(rt, ns, name);
    if (type === 'apply') {
      // Read before #apply, which normalizes the configuration in place.
      const body = JSON.stringify(patch);
      const repeated = this.#repeatedApplies.repeated(
        rt,
        before,
        body,
        ctx,
        subresource,
      );
      if (repeated) return repeated;
      const result = this.#apply(rt, ns, name, before, patch, ctx, subresource);
      this.#repeatedApplies.remember(rt, body, patch, ctx, subresource, result);
      return result;
    }
    if (!before) throw notFound(rt, name);
    if (type === 'strategic' && rt.custom)
      throw unsupportedMediaType('application/strategic-merge-patch+json');
    if (!isObject(patch) && type !== 'json')
      throw badRequest('the patch body must be a JSON object');
    const served = inServedVersion(rt, before);
    let patched: unknown;
    if (type === 'json') patched = applyJsonPatch(served, patch);
    else if (type === 'merge') patched = applyMergePatch(served, patch);
    else patched = applyStrategicMergePatch(served, patch);
    const object = this.#checkBody(rt, patched);
    if (object.metadata.name !== name)
      throw badRequest('metadata.name cannot be changed by a patch');
    this.#checkResourceVersion(rt, before, object);
    return this.#commit(rt, before, object, ctx, { subresource });
  }

  delete(
    rt: ResourceType,
    namespace: string,
    name: string,
    options: DeleteOptions = {},
  ): DeleteResult {
    const before = this.get(rt, namespace, name);
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== before.metadata.uid) {
      throw conflict(
        rt,
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${before.metadata.uid}`,
      );
    }
    if (
      pre?.resourceVersion &&
      pre.resourceVersion !== before.metadata.resourceVersion
    ) {
      throw conflict(
        rt,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${before.metadata.resourceVersion}`,
      );
    }
    const key = storageKey(rt);
    const finalizers = [...(before.metadata.finalizers ?? [])];
    if (
      options.propagationPolicy === 'Foreground' &&
      !finalizers.includes('foregroundDeletion')
    )
      finalizers.push('foregroundDeletion');
    if (
      options.propagationPolicy === 'Orphan' &&
      !finalizers.includes('orphan')
    )
      finalizers.push('orphan');
    const namespaceLifecycle = key === 'namespaces';
    if (finalizers.length === 0 && !namespaceLifecycle) {
      if (options.dryRun) return { object: before, removed: true };
      return {
        object: this.store.remove(key, before.metadata.namespace ?? '', name)!,
        removed: true,
      };
    }
    if (before.metadata.deletionTimestamp)
      return { object: before, removed: false };
    const next = clone(before);
    next.metadata.deletionTimestamp = nowTimestamp();
    next.metadata.deletionGracePeriodSeconds = 0;
    if (finalizers.length > 0) next.metadata.finalizers = finalizers;
    if (rt.tracksGeneration)
      next.metadata.generation = (next.metadata.generation ?? 1) + 1;
    if (namespaceLifecycle)
      next.status = {
        ...(isObject(next.status) ? next.status : {}),
        phase: 'Terminating',
      };
    if (options.dryRun) return { object: next, removed: false };
    return { object: this.store.write(key, next), removed: false };
  }

  #apply(
    rt: ResourceType,
    ns: string,
    name: string,
    before: KubeObject | undefined,
    patch: unknown,
    ctx: WriteContext,
    subresource: string | undefined,
  ): WriteResult {
    if (!ctx.fieldManager)
      throw badRequest(
        'PATCH /apply: fieldManager is required for apply requests',
      );
    if (!isObject(patch))
      throw badRequest('error decoding YAML: apply patch must be an object');
    if (!patch.apiVersion) throw badRequest('invalid object type: /, Kind=');
    if (!patch.kind)
      throw badRequest(`invalid object type: ${patch.apiVersion}, Kind=`);
    const config = this.#checkBody(rt, patch);
    if (config.metadata.name && config.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${config.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    if (
      rt.namespaced &&
      config.metadata.namespace &&
      config.metadata.namespace !== ns
    ) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    config.metadata.name = name;
    if (rt.namespaced) config.metadata.namespace = ns;
    const structure = rt.custom
      ? rt.schema
      : builtinSchema(rt.apiVersion, rt.kind)?.structure;
    const typedError =
      structure && typedPatchError(config, structure, ns, name);
    if (typedError) throw typedError;
    if (!before && subresource) throw notFound(rt, name);
    if (before) this.#checkResourceVersion(rt, before, config);
    const scope: FieldScope = {
      subresource,
      statusIsSubresource: rt.subresources.status,
    };
    const applied = serverSideApply({
      live: before && inServedVersion(rt, before),
      config,
      manager: ctx.fieldManager,
      force: ctx.force === true,
      scope,
      resource: rt,
    });
    if (!before) {
      this.#checkNamespaceWritable(rt, ns, name);
      this.#checkNamespaceExists(rt, ns);
    }
    return this.#commit(rt, before, applied, ctx, {
      subresource,
      managedFieldsSet: true,
    });
  }

  /** The common write path: system fields, defaults, schema, generation, managed fields, storage. */
  #commit(
    rt: ResourceType,
    before: KubeObject | undefined,
    candidate: KubeObject,
    ctx: WriteContext,
    opts: { subresource?: string; managedFieldsSet?: boolean },
  ): WriteResult {
    const key = storageKey(rt);
    const scope: FieldScope = {
      subresource: opts.subresource,
      statusIsSubresource: rt.subresources.status,
    };
    if (!before && rt.validateCreate) {
      const causes = rt.validateCreate(candidate);
      if (causes.length > 0)
        throw invalid(rt.group, rt.kind, candidate.metadata.name ?? '', causes);
    }
    let next = rt.conversion ? rt.conversion.toStorage(candidate) : candidate;
    next.apiVersion = this.#storageApiVersion(rt);
    next.kind = rt.kind;
    if (before) {
      if (rt.subresources.status && opts.subresource === 'status') {
        const status = next.status;
        const managedFields = next.metadata.managedFields;
        next = clone(before);
        if (status === undefined) delete next.status;
        else next.status = status;
        next.metadata.managedFields = managedFields;
      } else if (rt.subresources.status) {
        if (before.status === undefined) delete next.status;
        else next.status = clone(before.status);
      }
      const m = next.metadata;
      const b = before.metadata;
      m.uid = b.uid;
      m.creationTimestamp = b.creationTimestamp;
      m.namespace = b.namespace;
      m.generation = b.generation;
      if (b.generateName) m.generateName = b.generateName;
      if (b.deletionTimestamp) {
        m.deletionTimestamp = b.deletionTimestamp;
        m.deletionGracePeriodSeconds = b.deletionGracePeriodSeconds;
        const added = (m.finalizers ?? []).filter(
          f => !(b.finalizers ?? []).includes(f),
        );
        if (added.length > 0) {
          throw invalid(rt.group, rt.kind, m.name!, [
            {
              reason: 'FieldValueForbidden',
              message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added
                .map(f => `"${f}"`)
                .join(', ')}}`,
              field: 'metadata.finalizers',
            },
          ]);
        }
      } else {
        delete m.deletionTimestamp;
        delete m.deletionGracePeriodSeconds;
      }
    } else {
      const m = next.metadata;
      m.uid = randomUUID();
      m.creationTimestamp = nowTimestamp();
      delete m.deletionTimestamp;
      delete m.deletionGracePeriodSeconds;
      if (rt.tracksGeneration) m.generation = 1;
      else delete m.generation;
      if (rt.custom && rt.subresources.status) delete next.status;
      this.#validateName(rt, m.name!);
    }
    const schema = rt.custom
      ? undefined
      : builtinSchema(next.apiVersion!, next.kind!);
    const warnings = schema
      ? decodeBuiltin(next, schema, ctx.fieldValidation)
      : [];
    if (!rt.custom) {
      if (before) keepAllocatedValues(before, next);
      applyBuiltinDefaults(next, !before);
    }
    if (!before && !rt.custom) this.#admitLimits(rt, next);
    let causes = schema ? schemaCauses(next, schema) : [];
    // A status write is validated as status; the rest of the object is the stored one.
    if (opts.subresource !== 'status')
      causes = withSemanticCauses(causes, semanticCauses(next));
    if (schema && before)
      causes.push(...immutableFieldCauses(before, next, opts.subresource));
    if (causes.length > 0)
      throw invalid(rt.group, rt.kind, next.metadata.name ?? '', causes);
    // Only a Service with node ports reads every stored Service: listing them
    // on each ClusterIP write made filling a cluster quadratic.
    if (
      rt.group === '' &&
      rt.plural === 'services' &&
      needsNodePorts(next.spec)
    ) {
      const refusal = allocateNodePorts(
        next,
        before,
        this.store.list(storageKey(rt)),
      );
      if (refusal)
        throw invalid(rt.group, rt.kind, next.metadata.name ?? '', [refusal]);
    }
    warnings.push(...this.#validate(rt, next, ctx));
    if (!before && !rt.custom) this.#admitQuota(rt, next);
    if (before && generationChanged(rt, before, next)) {
      next.metadata.generation = (before.metadata.generation ?? 1) + 1;
    }
    if (!opts.managedFieldsSet) {
      const manager = ctx.fieldManager ?? defaultFieldManager(ctx.userAgent);
      next.metadata.managedFields = recordUpdate(before, next, manager, scope);
      if (!next.metadata.managedFields) delete next.metadata.managedFields;
    }
    if (before && isNoOp(before, next))
      return { object: before, code: 200, warnings };
    delete next.metadata.resourceVersion;
    if (ctx.dryRun) {
      next.metadata.resourceVersion = before?.metadata.resourceVersion;
      return { object: next, code: before ? 200 : 201, warnings };
    }
    if (
      next.metadata.deletionTimestamp &&
      (next.metadata.finalizers ?? []).length === 0
    ) {
      if (
        key === 'namespaces' &&
        ((next.spec as { finalizers?: string[] })?.finalizers ?? []).length > 0
      ) {
        return { object: this.store.write(key, next), code: 200, warnings };
      }
      const removed = this.store.remove(
        key,
        next.metadata.namespace ?? '',
        next.metadata.name!,
      );
      return { object: removed ?? next, code: 200, warnings };
    }
    return {
      object: this.store.write(key, next),
      code: before ? 200 : 201,
      warnings,
    };
  }

  #validate(rt: ResourceType, object: KubeObject, ctx: WriteContext): string[] {
    const warnings: string[] = [];
    if (rt.custom) {
      const outcome = applySchema(object, rt.schema);
      if (outcome.unknownFields.length > 0) {
        if (ctx.fieldValidation === 'Strict') {
          throw badRequest(
            outcome.unknownFields
              .map(f => `strict decoding error: unknown field "${f}"`)
              .join(', '),
          );
        }
        if (ctx.fieldValidation !== 'Ignore') {
          warnings.push(
            ...outcome.unknownFields.map(f => `unknown field "${f}"`),
          );
        }
      }
      if (outcome.causes.length > 0)
        throw invalid(
          rt.group,
          rt.kind,
          object.metadata.name ?? '',
          outcome.causes,
        );
    }
    if (storageKey(rt) === 'customresourcedefinitions.apiextensions.k8s.io') {
      const causes = validateCrd(object);
      if (causes.length > 0)
        throw invalid(rt.group, rt.kind, object.metadata.name ?? '', causes);
    }
    return warnings;
  }

  /** The LimitRanger admission plugin: container defaults, then min/max checks, for pods. */
  #admitLimits(rt: ResourceType, object: KubeObject): void {
    if (storageKey(rt) !== 'pods') return;
    const ns = object.metadata.namespace ?? '';
    const errors = admitPodLimits(object, this.store.list('limitranges', ns));
    if (errors.length > 0) {
      throw forbidden(
        rt,
        object.metadata.name ?? '',
        errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`,
      );
    }
  }

  /** The ResourceQuota admission plugin: a create may not take a namespace over its quotas. */
  #admitQuota(rt: ResourceType, object: KubeObject): void {
    const ns = object.metadata.namespace;
    if (!ns) return;
    const refusal = admitQuota(this.store, storageKey(rt), ns, object);
    if (refusal) throw forbidden(rt, object.metadata.name ?? '', refusal);
  }

  #validateName(rt: ResourceType, name: string): void {
    const errors = nameErrors(rt)(name);
    if (errors.length > 0) {
      throw invalid(
        rt.group,
        rt.kind,
        name,
        errors.map(e => ({
          reason: 'FieldValueInvalid',
          message: `Invalid value: "${name}": ${e}`,
          field: 'metadata.name',
        })),
      );
    }
  }

  #storageApiVersion(rt: ResourceType): string {
    return (
      this.registry.versionsOf(storageKey(rt))[0]?.apiVersion ?? rt.apiVersion
    );
  }

  #checkBody(rt: ResourceType, body: unknown): KubeObject {
    if (!isObject(body))
      throw badRequest('the body of the request must be a JSON object');
    const object = clone(body) as KubeObject;
    if (object.kind !== undefined && object.kind !== rt.kind) {
      throw badRequest(
        `the API version in the data (${object.apiVersion}) does not match the expected API version (${rt.apiVersion})`,
      );
    }
    // A custom resource's versions share one shape; a built-in accepts only its own.
    const accepted = rt.custom
      ? this.registry.versionsOf(storageKey(rt)).map(v => v.apiVersion)
      : [rt.apiVersion];
    if (
      object.apiVersion !== undefined &&
      !accepted.includes(object.apiVersion)
    ) {
      throw badRequest(
        `the API version in the data (${object.apiVersion}) does not match the expected API version (${rt.apiVersion})`,
      );
    }
    if (!isObject(object.metadata)) object.metadata = {};
    return object;
  }

  #checkNamespace(
    rt: ResourceType,
    namespace: string,
    object: KubeObject,
  ): string {
    if (!rt.namespaced) {
      delete object.metadata.namespace;
      return '';
    }
    if (object.metadata.namespace && object.metadata.namespace !== namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    object.metadata.namespace = namespace;
    return namespace;
  }

  #checkNamespaceExists(rt: ResourceType, ns: string): void {
    if (rt.namespaced && !this.store.get('namespaces', '', ns)) {
      throw notFound({ group: '', plural: 'namespaces' }, ns);
    }
  }

  #checkNamespaceWritable(rt: ResourceType, ns: string, name: string): void {
    if (!rt.namespaced) return;
    const namespace = this.store.get('namespaces', '', ns);
    if (!namespace) throw notFound({ group: '', plural: 'namespaces' }, ns);
    if (namespace.metadata.deletionTimestamp) {
      const causes: StatusCause[] = [
        {
          reason: 'NamespaceTerminating',
          message: `namespace ${ns} is being terminated`,
          field: 'metadata.namespace',
        },
      ];
      throw forbidden(
        rt,
        name,
        `unable to create new content in namespace ${ns} because it is being terminated`,
        causes,
      );
    }
  }

  #checkResourceVersion(
    rt: ResourceType,
    before: KubeObject,
    object: KubeObject,
  ): void {
    const rv = object.metadata.resourceVersion;
    if (rv && rv !== before.metadata.resourceVersion) {
      throw conflict(rt, before.metadata.name!, STALE_OBJECT_MESSAGE);
    }
  }
}
