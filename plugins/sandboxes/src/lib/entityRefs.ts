import { parseEntityRef } from '@backstage/catalog-model';

/** "user:default/jane" → "jane"; keeps the namespace when it is not default. */
export function shortEntityRef(ref: string | undefined): string {
  if (!ref) {
    return '';
  }
  try {
    const { namespace, name } = parseEntityRef(ref);
    return namespace === 'default' ? name : `${namespace}/${name}`;
  } catch {
    // Not an entity ref ("autoscaler", "operator"): show it as it is.
    return ref;
  }
}
