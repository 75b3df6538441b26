import { endpointHost, namespaceName, toLabelValue } from './names';

describe('names', () => {
  it('derives the namespace from prefix and sandbox name', () => {
    expect(namespaceName('demo', 'sandbox-')).toBe('sandbox-demo');
  });

  it('keeps long and dotted names within 63 characters without collisions', () => {
    const a = namespaceName(`${'x'.repeat(80)}a`, 'sandbox-');
    const b = namespaceName(`${'x'.repeat(80)}b`, 'sandbox-');
    expect(a.length).toBeLessThanOrEqual(63);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(namespaceName('my.sandbox', 'sandbox-')).toBe('sandbox-my-sandbox');
  });

  it('turns entity refs into valid label values', () => {
    expect(toLabelValue('user:default/jane')).toBe('user_default_jane');
    expect(
      toLabelValue(`user:default/${'j'.repeat(100)}`).length,
    ).toBeLessThanOrEqual(63);
  });

  it('builds endpoint hosts as <endpoint>-<sandbox>.<baseDomain>', () => {
    expect(endpointHost('api', 'demo', 'sandbox.localhost')).toBe(
      'api-demo.sandbox.localhost',
    );
  });
});
