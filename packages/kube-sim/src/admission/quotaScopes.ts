import type { KubeObject } from '../types';
import { isObject, objectList } from '../util/json';
import { parseQuantity } from './quantity';

type Obj = Record<string, unknown>;

/** A scope and, for scopeSelector expressions, its operator and values. */
type Scope = { name: string; operator: string; values: string[] };

function scopesOf(quota: KubeObject): Scope[] {
  const spec = isObject(quota.spec) ? quota.spec : {};
  const scopes: Scope[] = (Array.isArray(spec.scopes) ? spec.scopes : []).map(
    name => ({ name: String(name), operator: 'Exists', values: [] }),
  );
  const selector = isObject(spec.scopeSelector) ? spec.scopeSelector : {};
  for (const expression of objectList(selector.matchExpressions))
    scopes.push({
      name: String(expression.scopeName),
      operator: String(expression.operator),
      values: Array.isArray(expression.values)
        ? expression.values.map(String)
        : [],
    });
  return scopes;
}

/** qos.GetPodQOS's BestEffort: no container requests or limits any cpu or memory. */
function bestEffort(spec: Obj): boolean {
  return [...objectList(spec.containers), ...objectList(spec.initContainers)]
    .map(c => (isObject(c.resources) ? c.resources : {}))
    .every(resources =>
      ['requests', 'limits'].every(kind => {
        const list = isObject(resources[kind]) ? (resources[kind] as Obj) : {};
        return ['cpu', 'memory'].every(
          r => (parseQuantity(list[r])?.milli ?? 0n) === 0n,
        );
      }),
    );
}

/** crossNamespacePodAffinityTerm: a term naming namespaces or selecting them. */
function crossNamespaceAffinity(spec: Obj): boolean {
  const affinity = isObject(spec.affinity) ? spec.affinity : {};
  return ['podAffinity', 'podAntiAffinity'].some(kind => {
    const rules = isObject(affinity[kind]) ? (affinity[kind] as Obj) : {};
    const terms = [
      ...objectList(rules.requiredDuringSchedulingIgnoredDuringExecution),
      ...objectList(rules.preferredDuringSchedulingIgnoredDuringExecution).map(
        p => (isObject(p.podAffinityTerm) ? p.podAffinityTerm : {}),
      ),
    ];
    return terms.some(
      t =>
        (Array.isArray(t.namespaces) && t.namespaces.length > 0) ||
        isObject(t.namespaceSelector),
    );
  });
}

/** podMatchesScopeFunc (pkg/quota/v1/evaluator/core/pods.go). */
function podMatches(pod: KubeObject, scope: Scope): boolean {
  const spec = isObject(pod.spec) ? pod.spec : {};
  const deadline = spec.activeDeadlineSeconds;
  switch (scope.name) {
    case 'Terminating':
      return typeof deadline === 'number' && deadline >= 0;
    case 'NotTerminating':
      return typeof deadline !== 'number';
    case 'BestEffort':
      return bestEffort(spec);
    case 'NotBestEffort':
      return !bestEffort(spec);
    case 'CrossNamespacePodAffinity':
      return crossNamespaceAffinity(spec);
    case 'PriorityClass': {
      const priorityClass =
        typeof spec.priorityClassName === 'string'
          ? spec.priorityClassName
          : '';
      switch (scope.operator) {
        case 'In':
          return scope.values.includes(priorityClass);
        case 'NotIn':
          return !scope.values.includes(priorityClass);
        case 'DoesNotExist':
          // podMatchesSelector matches the set {PriorityClass: name}, whose
          // key is always there, even for a pod without a class.
          return false;
        default:
          return !!priorityClass;
      }
    }
    default:
      return false;
  }
}

/**
 * Whether a quota covers an object (the evaluators' Matches): a quota
 * without scopes covers everything it names; one with scopes or a scope
 * selector covers only the pods matching every scope (the other
 * evaluators match no scope).
 */
export function quotaCovers(
  quota: KubeObject,
  key: string,
  object: KubeObject,
): boolean {
  const scopes = scopesOf(quota);
  if (scopes.length === 0) return true;
  return key === 'pods' && scopes.every(scope => podMatches(object, scope));
}
