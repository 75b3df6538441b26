/** Minimal assertions for the browser tests, which run outside Jest. */
export function expect(actual: string, what: string) {
  return {
    toContain(expected: string) {
      if (!actual.includes(expected)) {
        throw new Error(`${what}: expected to contain "${expected}"`);
      }
    },
    toMatch(pattern: RegExp) {
      if (!pattern.test(actual)) {
        throw new Error(`${what}: expected "${actual}" to match ${pattern}`);
      }
    },
  };
}
