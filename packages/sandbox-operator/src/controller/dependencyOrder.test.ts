import { dependencyOrder } from './dependencyOrder';

const r = (name: string, dependsOn?: string[]) => ({
  name,
  dependsOn,
  template: {},
});

describe('dependencyOrder', () => {
  it('puts every resource after its dependencies and keeps template order otherwise', () => {
    const order = dependencyOrder([
      r('api', ['db', 'config']),
      r('config'),
      r('db'),
      r('svc'),
    ]);
    expect(order.map(x => x.name)).toEqual(['config', 'db', 'api', 'svc']);
  });

  it('names the cycle when resources depend on each other in a circle', () => {
    expect(() =>
      dependencyOrder([r('a', ['b']), r('b', ['c']), r('c', ['a'])]),
    ).toThrow(/circle \(a → b → c → a\)/);
  });

  it('refuses a dependency on a resource the template does not define', () => {
    expect(() => dependencyOrder([r('a', ['ghost'])])).toThrow(
      /depends on "ghost"/,
    );
  });
});
