import { isObject } from '../util/json';

/**
 * Evaluates the small JSONPath subset printer columns use:
 * `.a.b`, `.a[0]`, `.a[*].b` and `.a[?(@.type=="Ready")].status`.
 * Returns every match.
 */
export function evaluateJsonPath(object: unknown, path: string): unknown[] {
  const expression = path
    .trim()
    .replace(/^\{/, '')
    .replace(/\}$/, '')
    .replace(/^\$/, '');
  const tokens = expression.match(/\.[^.[\]]+|\[[^\]]*\]/g) ?? [];
  let current: unknown[] = [object];
  for (const token of tokens) {
    const next: unknown[] = [];
    for (const value of current) {
      if (token.startsWith('.')) {
        if (isObject(value) && value[token.slice(1)] !== undefined)
          next.push(value[token.slice(1)]);
        continue;
      }
      if (!Array.isArray(value)) continue;
      const inner = token.slice(1, -1);
      if (inner === '*') next.push(...value);
      else if (/^-?\d+$/.test(inner)) {
        const index = Number(inner);
        const item = value[index < 0 ? value.length + index : index];
        if (item !== undefined) next.push(item);
      } else {
        const filter = /^\?\(@\.([\w.-]+)\s*==\s*["']?([^"')]*)["']?\)$/.exec(
          inner,
        );
        if (filter) {
          next.push(
            ...value.filter(
              item => isObject(item) && String(item[filter[1]]) === filter[2],
            ),
          );
        }
      }
    }
    current = next;
  }
  return current;
}
