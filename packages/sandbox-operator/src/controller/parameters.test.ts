import { TemplateParameter } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { resolveParameters } from './parameters';

const declared: TemplateParameter[] = [
  { name: 'currency', type: 'string', enum: ['EUR', 'USD'], default: 'EUR' },
  { name: 'limit', type: 'number', minimum: 1, maximum: 100, default: 10 },
  { name: 'branch', type: 'string', pattern: '[a-z0-9-]+' },
  { name: 'token', type: 'string', required: true, title: 'API token' },
  { name: 'debug', type: 'boolean', default: false },
];

describe('resolveParameters', () => {
  it('fills defaults and converts values to their declared types', () => {
    expect(
      resolveParameters(declared, { token: 't', limit: '42', debug: 'true' }),
    ).toEqual({
      currency: 'EUR',
      limit: 42,
      token: 't',
      debug: true,
    });
  });

  it('refuses a missing required parameter by its title', () => {
    expect(() => resolveParameters(declared, {})).toThrow(
      /"API token" \(parameter token\) is required/,
    );
  });

  it('refuses parameters the template does not declare', () => {
    expect(() =>
      resolveParameters(declared, { token: 't', image: 'x' }),
    ).toThrow(/image is not a parameter of this template/);
  });

  it('checks enum, range and the whole-string pattern', () => {
    expect(() =>
      resolveParameters(declared, { token: 't', currency: 'JPY' }),
    ).toThrow(/one of EUR, USD/);
    expect(() =>
      resolveParameters(declared, { token: 't', limit: 1000 }),
    ).toThrow(/at most 100/);
    expect(() =>
      resolveParameters(declared, { token: 't', branch: 'main"; rm -rf' }),
    ).toThrow(/must match the pattern/);
    expect(() =>
      resolveParameters(declared, { token: 't', branch: 'ok\nkind: x' }),
    ).toThrow(/must match the pattern/);
  });
});

describe('template declarations', () => {
  it('makes a pattern RE2 cannot compile an InvalidTemplate error, not a crash', () => {
    expect(() =>
      resolveParameters([{ name: 'x', type: 'string', pattern: '(' }], {
        x: 'a',
      }),
    ).toThrow(/spec\.parameters\.x: pattern is not a valid RE2/);
  });

  it('refuses values over the shared 1,000-character limit', () => {
    expect(() =>
      resolveParameters([{ name: 'x', type: 'string' }], {
        x: 'a'.repeat(1001),
      }),
    ).toThrow(/at most 1000 characters/);
  });
});
