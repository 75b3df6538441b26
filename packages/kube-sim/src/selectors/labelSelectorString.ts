import { isObject } from '../util/json';

/** The string form of a metav1.LabelSelector ("app=web,tier in (a,b)"). */
export function labelSelectorString(selector: unknown): string | undefined {
  if (!isObject(selector)) return undefined;
  const parts: string[] = [];
  const matchLabels = isObject(selector.matchLabels)
    ? selector.matchLabels
    : {};
  for (const key of Object.keys(matchLabels).sort())
    parts.push(`${key}=${matchLabels[key]}`);
  const expressions = Array.isArray(selector.matchExpressions)
    ? selector.matchExpressions
    : [];
  for (const e of expressions) {
    if (!isObject(e)) continue;
    const values = Array.isArray(e.values) ? e.values.join(',') : '';
    if (e.operator === 'Exists') parts.push(String(e.key));
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${String(e.operator).toLowerCase()} (${values})`);
  }
  return parts.join(',');
}
