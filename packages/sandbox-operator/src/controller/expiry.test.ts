import {
  SandboxResource,
  SandboxTemplateResource,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { effectiveExpiry } from './expiry';

const template = {
  spec: { ttl: { defaultMinutes: 60, maxMinutes: 480 } },
} as SandboxTemplateResource;
const sandbox = (expiresAt: string) =>
  ({
    metadata: { name: 'demo', creationTimestamp: '2026-12-01T10:00:00Z' },
    spec: { expiresAt },
  } as SandboxResource);

describe('effectiveExpiry', () => {
  it('keeps an expiry within the template maximum plus extensions', () => {
    expect(
      new Date(
        effectiveExpiry(sandbox('2026-12-01T19:00:00Z'), template, 120),
      ).toISOString(),
    ).toBe('2026-12-01T19:00:00.000Z');
  });

  it('clamps an expiry set far in the future with kubectl', () => {
    expect(
      new Date(
        effectiveExpiry(sandbox('2999-01-01T00:00:00Z'), template, 120),
      ).toISOString(),
    ).toBe('2026-12-01T20:00:00.000Z');
  });

  it('leaves the expiry alone while the template is unknown', () => {
    expect(
      effectiveExpiry(sandbox('2999-01-01T00:00:00Z'), undefined, 120),
    ).toBe(Date.parse('2999-01-01T00:00:00Z'));
  });
});
