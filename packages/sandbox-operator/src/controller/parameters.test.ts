import { TemplateParameter } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { checkSecretParameterValues, resolveParameters } from './parameters';
import { TemplateError } from './TemplateError';

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

describe('secret parameters', () => {
  const withSecret: TemplateParameter[] = [
    { name: 'region', type: 'string', default: 'eu' },
    { name: 'apiToken', type: 'string', secret: true, required: true },
    { name: 'pin', type: 'string', secret: true, pattern: '[0-9]{4}' },
  ];
  const reasonOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return `${(error as TemplateError).reason}: ${(error as Error).message}`;
    }
    return 'no error';
  };

  it('leaves them out of the values; their names come from spec.secretParameters', () => {
    expect(resolveParameters(withSecret, {}, ['apiToken'])).toEqual({
      region: 'eu',
    });
  });

  it('refuses a secret value in spec.parameters, where every reader sees it', () => {
    expect(
      reasonOf(() =>
        resolveParameters(withSecret, { apiToken: 'x' }, ['apiToken']),
      ),
    ).toMatch(
      /^InvalidParameter: .*secret parameter apiToken is secret: its value cannot be in spec.parameters/,
    );
  });

  it('refuses a key that is not a secret parameter, and a missing required one', () => {
    expect(
      reasonOf(() => resolveParameters(withSecret, {}, ['apiToken', 'region'])),
    ).toMatch(
      /^UnknownParameter: .*region is named in spec.secretParameters.keys but is not a secret parameter of this template \(secret: apiToken, pin\)/,
    );
    expect(reasonOf(() => resolveParameters(withSecret, {}, []))).toBe(
      "MissingParameter: The sandbox's secret parameter apiToken is required.",
    );
  });

  it('checks staged values by their rules, naming the rule and never the value', () => {
    expect(
      reasonOf(() =>
        checkSecretParameterValues(withSecret, { pin: 'hunter2' }),
      ),
    ).toBe(
      "InvalidParameter: The sandbox's secret parameter pin must match the pattern [0-9]{4}.",
    );
  });
});
