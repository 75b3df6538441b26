import { RE2JS } from 're2js';

/**
 * Template parameter patterns run in RE2's dialect (no backreferences or
 * lookaround), whose matching time is linear in the input. Matching also
 * grows with the compiled program, so that is bounded too: with values of
 * at most 1,000 characters, one match stays well under a millisecond once
 * warm.
 *
 * @public
 */
export const PATTERN_LIMITS = {
  maxLength: 500,
  /** RE2's own approximate measure; `[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?` is 129. */
  maxProgramSize: 200,
} as const;

type Compiled = { regex: RE2JS } | { problem: string };

/** Compiled patterns; templates have few, so the map stays small. */
const cache = new Map<string, Compiled>();
const CACHE_LIMIT = 500;

function compile(pattern: string): Compiled {
  if (pattern.length > PATTERN_LIMITS.maxLength) {
    return {
      problem: `pattern must be at most ${PATTERN_LIMITS.maxLength} characters`,
    };
  }
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(pattern);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      problem: `pattern is not a valid RE2 regular expression (${why})`,
    };
  }
  if (regex.programSize() > PATTERN_LIMITS.maxProgramSize) {
    return {
      problem: `pattern is too complex (RE2 program size ${regex.programSize()}, at most ${
        PATTERN_LIMITS.maxProgramSize
      }); use fewer or smaller counted repetitions`,
    };
  }
  return { regex };
}

function compiled(pattern: string): Compiled {
  let entry = cache.get(pattern);
  if (!entry) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    entry = compile(pattern);
    cache.set(pattern, entry);
  }
  return entry;
}

/**
 * Why a pattern cannot be used (syntax, length, complexity), or undefined.
 *
 * @public
 */
export function patternProblem(pattern: string): string | undefined {
  const entry = compiled(pattern);
  return 'problem' in entry ? entry.problem : undefined;
}

/**
 * True when the whole value matches the pattern. A pattern with a problem
 * matches nothing; templates carrying one are refused before values reach
 * here.
 *
 * @public
 */
export function matchesPattern(pattern: string, value: string): boolean {
  const entry = compiled(pattern);
  return 'regex' in entry && entry.regex.matches(value);
}
