import { badRequest } from '../errors/StatusError';

type Requirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!exists' };

/** A parsed label selector: every requirement must hold. */
export type LabelSelector = (
  labels: Record<string, string> | undefined,
) => boolean;

/**
 * Parses the string form of a label selector
 * ("app=web,tier!=db,env in (a,b),!legacy,canary").
 */
export function parseLabelSelector(
  text: string | undefined,
): LabelSelector | undefined {
  if (!text || !text.trim()) return undefined;
  const requirements = splitRequirements(text).map(parseRequirement);
  return labels =>
    requirements.every(req => {
      const value = labels?.[req.key];
      switch (req.op) {
        case 'exists':
          return value !== undefined;
        case '!exists':
          return value === undefined;
        case 'in':
          return value !== undefined && req.values.includes(value);
        case 'notin':
          return value === undefined || !req.values.includes(value);
        default:
          return false;
      }
    });
}

/** The selector of a metav1.LabelSelector object (matchLabels + matchExpressions). */
export function labelSelectorFromObject(selector: unknown): LabelSelector {
  const sel = (selector ?? {}) as {
    matchLabels?: Record<string, string>;
    matchExpressions?: Array<{
      key: string;
      operator: string;
      values?: string[];
    }>;
  };
  const parts: string[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {}))
    parts.push(`${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
    else
      parts.push(
        `${e.key} ${e.operator.toLowerCase()} (${(e.values ?? []).join(',')})`,
      );
  }
  return parseLabelSelector(parts.join(',')) ?? (() => true);
}

function splitRequirements(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map(p => p.trim()).filter(Boolean);
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkValues(text: string, values: string[]): void {
  for (const value of values) {
    if (value.length > 63 || !LABEL_VALUE.test(value)) {
      throw badRequest(
        `unable to parse requirement: values[0]: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (in "${text}")`,
      );
    }
  }
}

function parseRequirement(text: string): Requirement {
  const requirement = parseRequirementSyntax(text);
  if (requirement.op === 'in' || requirement.op === 'notin')
    checkValues(text, requirement.values);
  return requirement;
}

function parseRequirementSyntax(text: string): Requirement {
  const setMatch = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(text);
  if (setMatch) {
    return {
      key: setMatch[1],
      op: setMatch[2] as 'in' | 'notin',
      values: setMatch[3]
        .split(',')
        .map(v => v.trim())
        .filter(Boolean),
    };
  }
  const eqMatch = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(text);
  if (eqMatch) {
    const [, key, op, value] = eqMatch;
    return { key, op: op === '!=' ? 'notin' : 'in', values: [value] };
  }
  if (/^![^=!\s]+$/.test(text)) return { key: text.slice(1), op: '!exists' };
  if (/^[^=!\s()]+$/.test(text)) return { key: text, op: 'exists' };
  throw badRequest(
    `unable to parse requirement: invalid label selector: "${text}"`,
  );
}
