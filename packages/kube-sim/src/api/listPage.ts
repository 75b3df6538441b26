import { badRequest } from '../errors/StatusError';
import type { ResourceType } from '../registry/ResourceType';
import { storageKey } from '../registry/ResourceType';
import { parseFieldSelector } from '../selectors/fieldSelector';
import { parseLabelSelector } from '../selectors/labelSelector';
import type { ObjectStore } from '../storage/ObjectStore';
import type { KubeObject } from '../types';
import type { ListOptions, ListPage } from './requestTypes';

interface ContinueToken {
  rv: string;
  start: string;
}

function sortKey(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

function decodeContinue(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (typeof parsed.start === 'string' && typeof parsed.rv === 'string')
      return parsed;
  } catch {
    // fall through to the error below
  }
  throw badRequest(
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}

/**
 * One page of a list, in key order, filtered by selectors. The continue
 * token records where the page ended; later pages read current state (not a
 * snapshot as etcd would give).
 */
export function listPage(
  store: ObjectStore,
  rt: ResourceType,
  namespace: string | undefined,
  options: ListOptions,
): ListPage {
  const labels = parseLabelSelector(options.labelSelector);
  const fields = parseFieldSelector(options.fieldSelector, rt);
  const all = store.list(storageKey(rt), rt.namespaced ? namespace : undefined);
  let start = 0;
  let resourceVersion = String(store.resourceVersion);
  if (options.continueToken) {
    const token = decodeContinue(options.continueToken);
    resourceVersion = token.rv;
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sortKey(all[mid]) <= token.start) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
  const items: KubeObject[] = [];
  let index = start;
  for (; index < all.length && items.length < limit; index++) {
    const object = all[index];
    if (labels && !labels(object.metadata.labels)) continue;
    if (fields && !fields(object)) continue;
    items.push(object);
  }
  const page: ListPage = { items, resourceVersion };
  if (items.length === limit && index < all.length) {
    const matches = (o: KubeObject) =>
      (!labels || labels(o.metadata.labels)) && (!fields || fields(o));
    // Only look as far as the next match: a full count is only reported without selectors.
    let more = false;
    for (let k = index; k < all.length && !more; k++) more = matches(all[k]);
    if (more) {
      page.continueToken = Buffer.from(
        JSON.stringify({
          rv: resourceVersion,
          start: sortKey(items[items.length - 1]),
        }),
      ).toString('base64');
      if (!labels && !fields) page.remainingItemCount = all.length - index;
    }
  }
  return page;
}
