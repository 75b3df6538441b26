import { applyStrategicMergePatch } from './strategicMergePatch';

describe('applyStrategicMergePatch', () => {
  it('merges keyed lists, replaces unkeyed lists and deletes on null', () => {
    const result = applyStrategicMergePatch(
      {
        containers: [{ name: 'a', image: '1' }],
        args: ['x'],
        keep: 1,
        drop: 2,
      },
      { containers: [{ name: 'b', image: '2' }], args: ['y'], drop: null },
    );
    expect(result).toEqual({
      containers: [
        { name: 'a', image: '1' },
        { name: 'b', image: '2' },
      ],
      args: ['y'],
      keep: 1,
    });
  });

  it('honours $patch replace/delete and $deleteFromPrimitiveList', () => {
    expect(
      applyStrategicMergePatch(
        { spec: { a: 1, b: 2 } },
        { spec: { $patch: 'replace', c: 3 } },
      ),
    ).toEqual({ spec: { c: 3 } });
    expect(
      applyStrategicMergePatch(
        { spec: { a: 1 }, x: 1 },
        { spec: { $patch: 'delete' } },
      ),
    ).toEqual({ x: 1 });
    expect(
      applyStrategicMergePatch(
        { finalizers: ['a', 'b'] },
        {
          $deleteFromPrimitiveList: undefined,
          '$deleteFromPrimitiveList/finalizers': ['a'],
        },
      ),
    ).toEqual({ finalizers: ['b'] });
  });

  it('unions merge-strategy primitive lists such as finalizers', () => {
    expect(
      applyStrategicMergePatch(
        { finalizers: ['a'] },
        { finalizers: ['a', 'b'] },
      ),
    ).toEqual({ finalizers: ['a', 'b'] });
  });
});
