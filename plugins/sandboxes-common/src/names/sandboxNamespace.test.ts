import {
  DEFAULT_RESERVED_NAMESPACES,
  isReservedNamespace,
  sandboxHost,
  sandboxNamespace,
} from './sandboxNamespace';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

describe('sandboxNamespace', () => {
  it('keeps a clean name as it is behind the prefix', () => {
    expect(sandboxNamespace('demo')).toBe('sandbox-demo');
    expect(sandboxNamespace('demo', 'dev-')).toBe('dev-demo');
  });

  it('gives names that cleaning would merge different namespaces and hosts', () => {
    const dotted = sandboxNamespace('jane.checkout');
    expect(dotted).not.toBe(sandboxNamespace('jane-checkout'));
    expect(dotted).toMatch(/^sandbox-jane-checkout-[0-9a-f]{10}$/);
    expect(sandboxHost('jane.checkout', 'api', 'sandbox.localhost')).not.toBe(
      sandboxHost('jane-checkout', 'api', 'sandbox.localhost'),
    );
    expect(sandboxNamespace('Jane')).not.toBe(sandboxNamespace('jane'));
  });

  it('never lets a clean name look like a hashed one', () => {
    const hashed = sandboxNamespace('jane.checkout');
    const lookalike = hashed.slice('sandbox-'.length);
    expect(sandboxNamespace(lookalike)).not.toBe(hashed);
  });

  it('keeps long names within 63 characters, distinct by a hash', () => {
    const a = sandboxNamespace(`${'x'.repeat(80)}a`);
    const b = sandboxNamespace(`${'x'.repeat(80)}b`);
    expect(a).not.toBe(b);
    for (const ns of [a, b, sandboxNamespace('.-.')]) {
      expect(ns.length).toBeLessThanOrEqual(63);
      expect(ns).toMatch(DNS_LABEL);
    }
  });

  it('builds endpoint hosts as <endpoint>-<sandbox>.<baseDomain>', () => {
    expect(sandboxHost('demo', 'api', 'sandbox.localhost')).toBe(
      'api-demo.sandbox.localhost',
    );
  });
});

describe('isReservedNamespace', () => {
  it('matches exact entries and prefixes ending in *', () => {
    const reserved = [...DEFAULT_RESERVED_NAMESPACES, 'platform'];
    expect(isReservedNamespace('sandbox-operator-system', reserved)).toBe(true);
    expect(isReservedNamespace('kube-system', reserved)).toBe(true);
    expect(isReservedNamespace('default', reserved)).toBe(true);
    expect(isReservedNamespace('platform', reserved)).toBe(true);
    expect(isReservedNamespace('sandbox-demo', reserved)).toBe(false);
    expect(isReservedNamespace('defaults', reserved)).toBe(false);
  });
});
