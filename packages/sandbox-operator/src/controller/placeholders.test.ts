import { substitute } from './placeholders';
import { TemplateError } from './TemplateError';

const values: Record<string, string | number | boolean> = {
  'parameters.replicas': 3,
  'parameters.debug': true,
  'parameters.greeting': 'hello',
  'sandbox.name': 'demo',
};
const lookup = (path: string) => values[path];

describe('substitute', () => {
  it('replaces placeholders inside string leaves and keeps other values', () => {
    expect(
      substitute(
        {
          a: 'hi ${{ sandbox.name }}!',
          b: 7,
          c: [true, 'x-${{parameters.greeting}}'],
        },
        lookup,
        'r',
      ),
    ).toEqual({ a: 'hi demo!', b: 7, c: [true, 'x-hello'] });
  });

  it('gives a whole-value placeholder the type of its value', () => {
    expect(
      substitute(
        {
          replicas: '${{ parameters.replicas }}',
          on: '${{ parameters.debug }}',
        },
        lookup,
        'r',
      ),
    ).toEqual({ replicas: 3, on: true });
  });

  it('keeps a whole-value placeholder text when it ends in | string', () => {
    expect(
      substitute({ v: '${{ parameters.replicas | string }}' }, lookup, 'r'),
    ).toEqual({
      v: '3',
    });
  });

  it('never substitutes into keys', () => {
    expect(substitute({ '${{ sandbox.name }}': 'x' }, lookup, 'r')).toEqual({
      '${{ sandbox.name }}': 'x',
    });
  });

  it('inserts values as inert text: no structure and no second round of placeholders', () => {
    const hostile: Record<string, string> = {
      'parameters.a': 'x\nkind: ClusterRole\nmetadata: {name: evil}',
      'parameters.b': '{"spec": {"hostNetwork": true}}',
      'parameters.c': '${{ sandbox.name }}',
    };
    const out = substitute(
      {
        data: {
          a: '${{ parameters.a }}',
          b: 'v=${{ parameters.b }}',
          c: '${{ parameters.c }}',
        },
      },
      p => hostile[p] ?? values[p],
      'r',
    );
    expect(out).toEqual({
      data: {
        a: 'x\nkind: ClusterRole\nmetadata: {name: evil}',
        b: 'v={"spec": {"hostNetwork": true}}',
        c: '${{ sandbox.name }}',
      },
    });
  });

  it('refuses an unknown placeholder, naming it and where it is', () => {
    expect(() =>
      substitute(
        { spec: { x: '${{ secrets.token }}' } },
        lookup,
        'resources[api]',
      ),
    ).toThrow(TemplateError);
    expect(() =>
      substitute(
        { spec: { x: 'a ${{ secrets.token }}' } },
        lookup,
        'resources[api]',
      ),
    ).toThrow(/\$\{\{ secrets.token \}\} at resources\[api\]\.spec\.x/);
  });
});
