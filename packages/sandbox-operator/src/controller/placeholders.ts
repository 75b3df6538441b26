import { TemplateError } from './TemplateError';

/** A value a placeholder can stand for. */
export type PlaceholderValue = string | number | boolean;

/**
 * The value of a placeholder path, undefined when unknown. `where` names the
 * template field, for a lookup that refuses a known path with a
 * TemplateError of its own.
 */
export type PlaceholderLookup = (
  path: string,
  where: string,
) => PlaceholderValue | undefined;

const PLACEHOLDER = /\$\{\{\s*([A-Za-z0-9_.-]+)\s*(\|\s*string\s*)?\}\}/g;
const WHOLE_PLACEHOLDER =
  /^\$\{\{\s*([A-Za-z0-9_.-]+)\s*(\|\s*string\s*)?\}\}$/;

/**
 * Replaces `${{ path }}` placeholders in the string leaves of an already
 * parsed object. Keys are never touched, and a value is inserted as data:
 * it is never parsed, never scanned for further placeholders, and so can
 * never add keys, objects or structure. A string that is exactly one
 * placeholder takes the value's own type (a number stays a number), unless
 * it ends in `| string` (`${{ parameters.rateLimit | string }}`), which
 * keeps it text, as env values and ConfigMap data must be.
 * An unknown placeholder is a TemplateError naming it and where it is.
 */
export function substitute(
  node: unknown,
  lookup: PlaceholderLookup,
  where: string,
): unknown {
  if (typeof node === 'string') return substituteString(node, lookup, where);
  if (Array.isArray(node)) {
    return node.map((item, i) => substitute(item, lookup, `${where}[${i}]`));
  }
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      out[key] = substitute(value, lookup, `${where}.${key}`);
    }
    return out;
  }
  return node;
}

function substituteString(
  text: string,
  lookup: PlaceholderLookup,
  where: string,
): PlaceholderValue {
  const resolve = (path: string) => {
    const value = lookup(path, where);
    if (value === undefined) {
      throw new TemplateError(
        'UnknownPlaceholder',
        `The template uses \${{ ${path} }} at ${where}, which is not a known value. ` +
          'Known values are parameters.<name>, sandbox.name, sandbox.namespace, ' +
          'sandbox.owner, sandbox.host, endpoints.<name>.url and ' +
          'size.<component>.replicas|cpu|memory.',
      );
    }
    return value;
  };
  const whole = WHOLE_PLACEHOLDER.exec(text);
  if (whole) return whole[2] ? String(resolve(whole[1])) : resolve(whole[1]);
  if (!text.includes('${{')) return text;
  // One pass over the original text: inserted values are not re-scanned.
  return text.replace(PLACEHOLDER, (_match, path: string) =>
    String(resolve(path)),
  );
}
