import {
  sandboxNameProblem,
  SandboxTemplateSpec,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { resolveParameters, resolveSize } from './parameters';
import { generateSandboxName } from './names';

const spec = {
  displayName: 'T',
  sizes: [
    { name: 'small', components: {} },
    { name: 'large', components: {} },
  ],
  defaultSize: 'small',
  ttl: { defaultMinutes: 60, maxMinutes: 120 },
  resources: [],
  parameters: [
    { name: 'currency', type: 'string', enum: ['EUR', 'USD'], default: 'EUR' },
    { name: 'rate', type: 'number', minimum: 1, maximum: 10 },
    { name: 'branch', type: 'string', pattern: '[a-z-]+' },
    { name: 'token', type: 'string', required: true },
  ],
} as SandboxTemplateSpec;

describe('template parameters', () => {
  it('fills defaults and keeps given values', () => {
    expect(resolveParameters(spec, { token: 'x', rate: 3 })).toEqual({
      currency: 'EUR',
      rate: 3,
      token: 'x',
    });
  });

  it.each([
    [
      { token: 'x', nope: 1 },
      'parameters.nope: is not a parameter of this template',
    ],
    [{}, 'parameters.token: is required'],
    [
      { token: 'x', currency: 'JPY' },
      'parameters.currency: must be one of EUR, USD',
    ],
    [{ token: 'x', rate: 'three' }, 'parameters.rate: must be a number'],
    [{ token: 'x', rate: 11 }, 'parameters.rate: must be at most 10'],
    [
      { token: 'x', branch: 'Main; rm -rf' },
      'parameters.branch: must match the pattern [a-z-]+',
    ],
  ])('refuses %p with "%s"', (given, message) => {
    expect(() => resolveParameters(spec, given as never)).toThrow(message);
  });

  it('resolves sizes', () => {
    expect(resolveSize(spec)).toBe('small');
    expect(resolveSize(spec, 'large')).toBe('large');
    expect(() => resolveSize(spec, 'huge')).toThrow(
      'size: must be one of small, large',
    );
  });
});

describe('generated names', () => {
  it('are <template>-<6 random> and valid sandbox names', () => {
    for (const template of [
      'payments-api',
      'A_Very_Long_Template_Name_That_Goes_On_And_On_And_On',
      '---',
    ]) {
      const name = generateSandboxName(template);
      expect(sandboxNameProblem(name)).toBeUndefined();
      expect(name).toMatch(/-[a-z0-9]{6}$/);
    }
    expect(generateSandboxName('payments-api')).toMatch(
      /^payments-api-[a-z0-9]{6}$/,
    );
  });
});
