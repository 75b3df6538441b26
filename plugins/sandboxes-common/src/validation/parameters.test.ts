import { TemplateParameter } from '../crd/types';
import {
  checkParameterValue,
  formatParameterProblems,
  PARAMETER_LIMITS,
  resolveParameterValues,
  splitSecretParameterValues,
  templateParameterProblems,
} from './parameters';

const declared: TemplateParameter[] = [
  { name: 'token', type: 'string', required: true },
  { name: 'branch', type: 'string', pattern: '[a-z0-9][a-z0-9./-]*' },
  { name: 'region', type: 'string', enum: ['eu', 'us'], default: 'eu' },
  { name: 'replicas', type: 'number', minimum: 1, maximum: 5 },
  { name: 'debug', type: 'boolean' },
];

describe('resolveParameterValues', () => {
  it('converts text to the declared types and fills defaults', () => {
    expect(
      resolveParameterValues(declared, {
        token: 't',
        replicas: '3',
        debug: 'true',
      }),
    ).toEqual({
      values: { token: 't', region: 'eu', replicas: 3, debug: true },
      problems: [],
    });
  });

  it('reports every problem, each naming the parameter and the rule', () => {
    const { problems } = resolveParameterValues(declared, {
      branch: 'Main',
      region: 'jp',
      replicas: 9,
      debug: 'yes',
      colour: 'red',
    });
    expect(formatParameterProblems(problems)).toBe(
      [
        'parameters.colour: is not a parameter of this template (known: token, branch, region, replicas, debug)',
        'parameters.token: is required',
        'parameters.branch: must match the pattern [a-z0-9][a-z0-9./-]*',
        'parameters.region: must be one of eu, us',
        'parameters.replicas: must be at most 5',
        'parameters.debug: must be true or false',
      ].join('; '),
    );
  });

  it('refuses text longer than the shared limit', () => {
    const long = 'a'.repeat(PARAMETER_LIMITS.maxStringLength + 1);
    expect(checkParameterValue(declared[0], long)).toEqual({
      problem: 'must be at most 1000 characters',
    });
    expect(checkParameterValue(declared[0], long.slice(1))).toEqual({
      value: long.slice(1),
    });
  });

  it('refuses values of the wrong type rather than guessing', () => {
    expect(checkParameterValue(declared[0], 42)).toEqual({
      problem: 'must be text',
    });
    expect(checkParameterValue(declared[3], 'ten')).toEqual({
      problem: 'must be a number',
    });
    expect(checkParameterValue(declared[3], Infinity)).toEqual({
      problem: 'must be a number',
    });
  });

  it('ignores inherited keys such as __proto__ in the given values', () => {
    const given = JSON.parse('{"__proto__": {"token": "x"}}');
    expect(resolveParameterValues(declared, given).problems).toContainEqual({
      parameter: '__proto__',
      message: expect.stringContaining('is not a parameter'),
    });
  });
});

describe('patterns', () => {
  it('match in linear time: a catastrophic backtracking pattern answers at once', () => {
    const evil: TemplateParameter = {
      name: 'x',
      type: 'string',
      pattern: '(a+)+$',
    };
    const value = `${'a'.repeat(PARAMETER_LIMITS.maxStringLength - 1)}!`;
    checkParameterValue(evil, 'a'); // compile outside the measured call
    const started = performance.now();
    expect(checkParameterValue(evil, value)).toEqual({
      problem: 'must match the pattern (a+)+$',
    });
    // Backtracking engines take hours on this; RE2 a few milliseconds even
    // on a loaded machine. The bound is loose on purpose.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('must match the whole value', () => {
    expect(checkParameterValue(declared[1], 'main; rm -rf')).toHaveProperty(
      'problem',
    );
    expect(checkParameterValue(declared[1], 'ok\nkind: x')).toHaveProperty(
      'problem',
    );
    expect(checkParameterValue(declared[1], 'feature/x-1')).toEqual({
      value: 'feature/x-1',
    });
  });
});

describe('templateParameterProblems', () => {
  it('accepts sound declarations', () => {
    expect(templateParameterProblems(declared)).toEqual([]);
  });

  it.each([
    [{ pattern: '(' }, 'pattern is not a valid RE2 regular expression'],
    [{ pattern: '(?=a)b' }, 'pattern is not a valid RE2 regular expression'],
    [{ pattern: '(a)\\1' }, 'pattern is not a valid RE2 regular expression'],
    [{ pattern: 'a'.repeat(501) }, 'pattern must be at most 500 characters'],
    [{ pattern: '((a{1,30}){1,30})' }, 'pattern is too complex'],
    [{ pattern: '[a-z]+', default: 'A' }, 'default must match the pattern'],
    [{ enum: ['a', 7] }, 'enum value 7 must be text'],
  ])('refuses a string parameter with %j', (extra, message) => {
    const problems = templateParameterProblems([
      { name: 'p', type: 'string', ...extra } as TemplateParameter,
    ]);
    expect(problems).toEqual([
      { parameter: 'p', message: expect.stringContaining(message) },
    ]);
  });

  it('refuses inverted ranges, patterns on numbers and duplicate names', () => {
    expect(
      templateParameterProblems([
        { name: 'n', type: 'number', minimum: 5, maximum: 1 },
        { name: 'm', type: 'number', pattern: '[0-9]+' },
        { name: 'm', type: 'number' },
      ]).map(p => `${p.parameter}: ${p.message}`),
    ).toEqual([
      'n: minimum 5 is above maximum 1',
      'm: pattern applies only to string parameters',
      'm: is declared more than once',
    ]);
  });

  it('refuses a secret parameter that a template reader could learn', () => {
    expect(
      templateParameterProblems([
        { name: 'token', type: 'string', secret: true, pattern: '[a-z]+' },
        { name: 'pin', type: 'number', secret: true },
        { name: 'password', type: 'string', secret: true, default: 'hunter2' },
        { name: 'tier', type: 'string', secret: true, enum: ['gold'] },
      ]).map(p => `${p.parameter}: ${p.message}`),
    ).toEqual([
      'pin: a secret parameter must be text',
      'password: a secret parameter cannot have a default',
      'tier: a secret parameter cannot have an enum',
    ]);
  });
});

describe('splitSecretParameterValues', () => {
  it('keeps secret values apart, as text', () => {
    expect(
      splitSecretParameterValues(
        [
          { name: 'region', type: 'string' },
          { name: 'token', type: 'string', secret: true },
        ],
        { region: 'eu', token: 's3cret' },
      ),
    ).toEqual({ plain: { region: 'eu' }, secret: { token: 's3cret' } });
  });
});
