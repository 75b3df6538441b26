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
});

describe('sandboxHost', () => {
  const host = (name: string, endpoint: string) =>
    sandboxHost(name, endpoint, 'sandbox.localhost');

  it('builds endpoint hosts as <endpoint>-<sandbox>.<baseDomain>', () => {
    expect(host('demo', 'api')).toBe('api-demo.sandbox.localhost');
  });

  it('never gives two (sandbox, endpoint) pairs the same host, whatever the dashes', () => {
    // Both would be "api-jane-checkout" if the parts were simply joined.
    expect(host('checkout', 'api-jane')).not.toBe(host('jane-checkout', 'api'));
    expect(host('jane-checkout', 'api')).toBe(
      'api-jane-checkout.sandbox.localhost',
    );
    expect(host('checkout', 'api-jane')).toMatch(
      /^api-jane-checkout-[0-9a-f]{10}\.sandbox\.localhost$/,
    );
    // The hash covers both names: where the dash falls still matters.
    expect(host('c', 'a-b')).not.toBe(host('b-c', 'a'));
    expect(host('b-c', 'a-x')).not.toBe(host('c', 'a-x-b'));
  });

  it('is one-to-one over a grid of names that join to the same text', () => {
    const parts = ['a', 'a-b', 'b', 'b-c', 'c', 'a-b-c', 'ab', 'bc'];
    const seen = new Map<string, string>();
    for (const name of parts) {
      for (const endpoint of parts) {
        const h = host(name, endpoint);
        const pair = `${endpoint} + ${name}`;
        expect([h, seen.get(h) ?? pair]).toEqual([h, pair]);
        seen.set(h, pair);
        expect(h.split('.')[0]).toMatch(DNS_LABEL);
      }
    }
    expect(seen.size).toBe(parts.length ** 2);
  });

  it('keeps long pairs within one 63-character label', () => {
    const label = host('x'.repeat(60), 'api').split('.')[0];
    expect(label.length).toBeLessThanOrEqual(63);
    expect(label).toMatch(DNS_LABEL);
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
