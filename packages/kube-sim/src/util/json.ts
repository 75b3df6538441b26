/** True when the value is a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The objects of a JSON list (nothing when it is not a list). */
export function objectList(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** A deep copy of a JSON value. */
export function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

/** Structural equality of two JSON values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const aKeys = Object.keys(a).filter(k => a[k] !== undefined);
    const bKeys = Object.keys(b).filter(k => b[k] !== undefined);
    if (aKeys.length !== bKeys.length) return false;
    return aKeys.every(k => deepEqual(a[k], b[k]));
  }
  return false;
}

/** Reads a value at a dotted path ("spec.replicas"); undefined when absent. */
export function getPath(obj: unknown, path: string | string[]): unknown {
  const parts = Array.isArray(path) ? path : splitPath(path);
  let current: unknown = obj;
  for (const part of parts) {
    if (!isObject(current)) return undefined;
    current = current[part];
  }
  return current;
}

/** Writes a value at a dotted path, creating intermediate objects. */
export function setPath(
  obj: Record<string, unknown>,
  path: string | string[],
  value: unknown,
): void {
  const parts = Array.isArray(path) ? path : splitPath(path);
  let current = obj;
  for (const part of parts.slice(0, -1)) {
    if (!isObject(current[part])) current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  current[parts[parts.length - 1]] = value;
}

/** Splits ".spec.replicas" or "spec.replicas" into its parts. */
export function splitPath(path: string): string[] {
  return path.replace(/^\./, '').split('.').filter(Boolean);
}
