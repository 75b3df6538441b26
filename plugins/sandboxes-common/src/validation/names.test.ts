import { isDns1123Label, sandboxNameProblem } from './names';

describe('sandbox names', () => {
  it.each(['a', 'shop-1', '0abc', 'a'.repeat(40)])('accepts %s', name => {
    expect(sandboxNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['', 'must not be empty'],
    ['a'.repeat(41), 'must be at most 40 characters'],
    ['-a', 'must be a DNS-1123 label'],
    ['a-', 'must be a DNS-1123 label'],
    ['Shop', 'must be a DNS-1123 label'],
    ['a.b', 'must be a DNS-1123 label'],
    ['a_b', 'must be a DNS-1123 label'],
  ])('refuses %j: %s', (name, rule) => {
    expect(sandboxNameProblem(name)).toContain(rule);
  });

  it('knows DNS labels of any length up to 63', () => {
    expect(isDns1123Label('a'.repeat(63))).toBe(true);
    expect(isDns1123Label('a'.repeat(64))).toBe(false);
    expect(isDns1123Label('abc', 2)).toBe(false);
  });
});
