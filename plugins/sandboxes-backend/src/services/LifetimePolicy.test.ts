import { ConfigReader } from '@backstage/config';
import { readSandboxesConfig } from '../config';
import { LifetimePolicy } from './LifetimePolicy';

const policy = (sandboxes = {}) =>
  new LifetimePolicy(readSandboxesConfig(new ConfigReader({ sandboxes })));
const now = new Date('2026-01-01T00:00:00Z');
const minutes = (d: Date) => (d.getTime() - now.getTime()) / 60_000;

describe('LifetimePolicy', () => {
  it('uses the request, then the template default, then config (60 minutes)', () => {
    const template = { ttl: { defaultMinutes: 240, maxMinutes: 600 } } as never;
    expect(minutes(policy().initialExpiry(template, 90, now))).toBe(90);
    expect(minutes(policy().initialExpiry(template, undefined, now))).toBe(240);
    expect(minutes(policy().initialExpiry(undefined, undefined, now))).toBe(60);
  });

  it("refuses a lifetime above the template's maximum, naming the field", () => {
    const template = { ttl: { defaultMinutes: 60, maxMinutes: 120 } } as never;
    expect(() => policy().initialExpiry(template, 121, now)).toThrow(
      'ttlMinutes: must be at most 120',
    );
  });

  it('allows one extension of up to 2 hours by default', () => {
    const lifetime = {
      createdAt: now,
      expiresAt: new Date('2026-01-01T01:00:00Z'),
      extensionsUsed: 0,
    };
    expect(minutes(policy().extendedExpiry(lifetime, 120, now))).toBe(180);
    expect(() => policy().extendedExpiry(lifetime, 121, now)).toThrow(
      'minutes: must be at most 120 per extension',
    );
    expect(() =>
      policy().extendedExpiry({ ...lifetime, extensionsUsed: 1 }, 10, now),
    ).toThrow('minutes: no extension left (at most 1 per sandbox, 1 used)');
  });

  it('caps the total lifetime when configured', () => {
    const capped = policy({
      extensions: { maxCount: 5, maxLifetimeMinutes: 90 },
    });
    const lifetime = {
      createdAt: now,
      expiresAt: new Date('2026-01-01T01:00:00Z'),
      extensionsUsed: 0,
    };
    expect(minutes(capped.extendedExpiry(lifetime, 30, now))).toBe(90);
    expect(() => capped.extendedExpiry(lifetime, 31, now)).toThrow(
      /the longest lifetime allowed/,
    );
    expect(capped.view(lifetime)).toEqual({
      maxExpiresAt: '2026-01-01T01:30:00.000Z',
      extensionsLeft: 5,
      maxExtensionMinutes: 120,
    });
  });
});
