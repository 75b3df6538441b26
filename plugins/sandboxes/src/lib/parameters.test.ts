import { aTemplate } from '../__testUtils__/fixtures';
import {
  initialParameterValues,
  toParameterValues,
  validateParameters,
} from './parameters';

const { parameters } = aTemplate();

describe('template parameters', () => {
  it('starts from the declared defaults, prefilled values winning', () => {
    expect(initialParameterValues(parameters, { region: 'us' })).toEqual({
      branch: 'main',
      orders: '100',
      region: 'us',
      debug: false,
    });
  });

  it('reports required, pattern, enum and range problems with messages', () => {
    expect(
      validateParameters(parameters, {
        branch: '',
        orders: '5000',
        region: 'mars',
        debug: true,
      }),
    ).toEqual({
      branch: 'Branch is required',
      orders: 'Sample orders must be at most 1000',
      region: 'Region must be one of eu, us',
    });
    expect(
      validateParameters(parameters, {
        branch: 'Feature X',
        orders: '-1',
        region: 'eu',
      }),
    ).toEqual({
      branch: 'Branch must match the pattern [a-z0-9][a-z0-9./-]*',
      orders: 'Sample orders must be at least 0',
    });
    expect(
      validateParameters(parameters, { branch: 'x', orders: 'ten' }),
    ).toEqual({ orders: 'Sample orders must be a number' });
  });

  it('sends numbers as numbers and leaves out empty optional fields', () => {
    expect(
      toParameterValues(parameters, {
        branch: ' feature/x ',
        orders: '',
        region: 'us',
        debug: true,
      }),
    ).toEqual({ branch: 'feature/x', region: 'us', debug: true });
    expect(
      toParameterValues(parameters, { branch: 'a', orders: '7' }).orders,
    ).toBe(7);
  });
});
