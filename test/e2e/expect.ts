/** Minimal assertions for the browser tests, which run outside Jest. */
export function expect(actual: string, what: string) {
  return {
    toContain(expected: string) {
      if (!actual.includes(expected)) {
        throw new Error(`${what}: expected to contain "${expected}"`);
      }
    },
    /** `label` names what must be absent, so a secret is not printed. */
    notToContain(unexpected: string, label: string) {
      if (actual.includes(unexpected)) {
        throw new Error(`${what}: expected not to contain ${label}`);
      }
    },
    toMatch(pattern: RegExp) {
      if (!pattern.test(actual)) {
        throw new Error(`${what}: expected "${actual}" to match ${pattern}`);
      }
    },
  };
}
