import { labelSelectorFromObject, parseLabelSelector } from './labelSelector';

describe('parseLabelSelector', () => {
  const matches = (selector: string, labels: Record<string, string>) =>
    parseLabelSelector(selector)!(labels);

  it('supports equality, inequality, sets and existence', () => {
    expect(matches('app=web', { app: 'web' })).toBe(true);
    expect(matches('app==web', { app: 'db' })).toBe(false);
    expect(matches('app!=web', {})).toBe(true);
    expect(
      matches('env in (a, b),tier notin (x)', { env: 'b', tier: 'y' }),
    ).toBe(true);
    expect(matches('env in (a,b)', { env: 'c' })).toBe(false);
    expect(matches('canary', { canary: '' })).toBe(true);
    expect(matches('!canary', { canary: 'yes' })).toBe(false);
  });

  it('returns undefined for an empty selector and rejects garbage with 400', () => {
    expect(parseLabelSelector('')).toBeUndefined();
    expect(() => parseLabelSelector('a=b=c')).toThrow(
      expect.objectContaining({ code: 400 }),
    );
  });

  it('builds a selector from matchLabels and matchExpressions', () => {
    const selector = labelSelectorFromObject({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }],
    });
    expect(selector({ app: 'web', tier: 'front' })).toBe(true);
    expect(selector({ app: 'web', tier: 'back' })).toBe(false);
  });
});
