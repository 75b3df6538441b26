import type { KubeObject } from '../types';
import { isObject } from '../util/json';
import { formatQuantity, parseQuantity } from './quantity';
import { podContainers, podResources, tidyResources } from './resources';

type Obj = Record<string, unknown>;

interface LimitRangeItem {
  type: string;
  min: Obj;
  max: Obj;
  default: Obj;
  defaultRequest: Obj;
  maxLimitRequestRatio: Obj;
}

function items(limitRange: KubeObject): LimitRangeItem[] {
  const spec = isObject(limitRange.spec) ? limitRange.spec : {};
  const list = Array.isArray(spec.limits) ? spec.limits : [];
  return list.filter(isObject).map(item => ({
    type: String(item.type ?? ''),
    min: isObject(item.min) ? item.min : {},
    max: isObject(item.max) ? item.max : {},
    default: isObject(item.default) ? item.default : {},
    defaultRequest: isObject(item.defaultRequest) ? item.defaultRequest : {},
    maxLimitRequestRatio: isObject(item.maxLimitRequestRatio)
      ? item.maxLimitRequestRatio
      : {},
  }));
}

const show = (value: unknown) => {
  const q = parseQuantity(value);
  return q ? formatQuantity(q.milli, q.binary) : String(value);
};

/**
 * The LimitRanger admission plugin on a pod being created
 * (plugin/pkg/admission/limitranger): fills each container's missing
 * limits and requests from the Container items' default and
 * defaultRequest, records what it set in the kubernetes.io/limit-ranger
 * annotation, then checks min, max and maxLimitRequestRatio per Container
 * and per Pod. Returns the violations, worded as the plugin words them.
 */
export function admitPodLimits(
  pod: KubeObject,
  limitRanges: KubeObject[],
): string[] {
  const all = limitRanges.flatMap(items);
  const notes: string[] = [];
  for (const item of all.filter(i => i.type === 'Container')) {
    for (const c of podContainers(pod)) {
      const setRequests = Object.keys(item.defaultRequest).filter(
        r => c.requests[r] === undefined,
      );
      const setLimits = Object.keys(item.default).filter(
        r => c.limits[r] === undefined,
      );
      for (const r of setRequests) c.requests[r] = item.defaultRequest[r];
      for (const r of setLimits) c.limits[r] = item.default[r];
      if (setRequests.length > 0)
        notes.push(`${setRequests.join(', ')} request for container ${c.name}`);
      if (setLimits.length > 0)
        notes.push(`${setLimits.join(', ')} limit for container ${c.name}`);
    }
  }
  tidyResources(pod);
  if (notes.length > 0) {
    pod.metadata.annotations = {
      ...pod.metadata.annotations,
      'kubernetes.io/limit-ranger': `LimitRanger plugin set: ${notes.join(
        '; ',
      )}`,
    };
  }
  const errors: string[] = [];
  for (const item of all) {
    if (item.type === 'Container') {
      for (const c of podContainers(pod))
        check(item, 'Container', c.requests, c.limits, errors);
      tidyResources(pod);
    } else if (item.type === 'Pod') {
      const requests = podResources(pod, 'requests');
      const limits = podResources(pod, 'limits');
      const asObj = (sums: typeof requests, keys: string[]) =>
        Object.fromEntries(
          keys.filter(k => sums.get(k)).map(k => [k, sums.format(k)]),
        );
      const keys = [
        ...Object.keys(item.min),
        ...Object.keys(item.max),
        ...Object.keys(item.maxLimitRequestRatio),
      ];
      check(item, 'Pod', asObj(requests, keys), asObj(limits, keys), errors);
    }
  }
  return errors;
}

function check(
  item: LimitRangeItem,
  scope: string,
  requests: Obj,
  limits: Obj,
  errors: string[],
): void {
  for (const [r, min] of Object.entries(item.min)) {
    const request = parseQuantity(requests[r]);
    const minimum = parseQuantity(min);
    if (!minimum) continue;
    if (!request)
      errors.push(
        `minimum ${r} usage per ${scope} is ${show(
          min,
        )}.  No request is specified`,
      );
    else if (request.milli < minimum.milli)
      errors.push(
        `minimum ${r} usage per ${scope} is ${show(min)}, but request is ${show(
          requests[r],
        )}`,
      );
  }
  for (const [r, max] of Object.entries(item.max)) {
    const limit = parseQuantity(limits[r]);
    const maximum = parseQuantity(max);
    if (!maximum) continue;
    if (!limit)
      errors.push(
        `maximum ${r} usage per ${scope} is ${show(
          max,
        )}.  No limit is specified`,
      );
    else if (limit.milli > maximum.milli)
      errors.push(
        `maximum ${r} usage per ${scope} is ${show(max)}, but limit is ${show(
          limits[r],
        )}`,
      );
  }
  for (const [r, ratio] of Object.entries(item.maxLimitRequestRatio)) {
    const limit = parseQuantity(limits[r]);
    const request = parseQuantity(requests[r]);
    const maxRatio = parseQuantity(ratio);
    if (!limit || !request || !maxRatio || request.milli === 0n) continue;
    const actual = Number(limit.milli) / Number(request.milli);
    if (actual * 1000 > Number(maxRatio.milli))
      errors.push(
        `${r} max limit to request ratio per ${scope} is ${show(
          ratio,
        )}, but provided ratio is ${actual.toFixed(6)}`,
      );
  }
}

/**
 * A LimitRange's own defaults (core/v1 SetDefaults_LimitRangeItem): for
 * Container items, a missing default limit is the max, and a missing
 * default request is the default limit, else the min.
 */
export function defaultLimitRange(limitRange: KubeObject): void {
  const spec = isObject(limitRange.spec) ? limitRange.spec : {};
  for (const item of Array.isArray(spec.limits) ? spec.limits : []) {
    if (!isObject(item) || item.type !== 'Container') continue;
    const max = isObject(item.max) ? item.max : {};
    const min = isObject(item.min) ? item.min : {};
    const def: Obj = isObject(item.default) ? { ...item.default } : {};
    for (const [r, v] of Object.entries(max))
      if (def[r] === undefined) def[r] = v;
    const defReq: Obj = isObject(item.defaultRequest)
      ? { ...item.defaultRequest }
      : {};
    for (const [r, v] of Object.entries(def))
      if (defReq[r] === undefined) defReq[r] = v;
    for (const [r, v] of Object.entries(min))
      if (defReq[r] === undefined) defReq[r] = v;
    if (Object.keys(def).length > 0) item.default = def;
    if (Object.keys(defReq).length > 0) item.defaultRequest = defReq;
  }
}
