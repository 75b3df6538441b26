import { toLabelValue } from './names';

describe('toLabelValue', () => {
  it('turns entity refs into valid label values', () => {
    expect(toLabelValue('user:default/jane')).toBe('user_default_jane');
    expect(
      toLabelValue(`user:default/${'j'.repeat(100)}`).length,
    ).toBeLessThanOrEqual(63);
  });
});
