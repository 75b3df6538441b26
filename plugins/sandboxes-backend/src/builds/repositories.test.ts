import { commitUrl, normalizeRepository } from './repositories';

describe('normalizeRepository', () => {
  it.each([
    'https://github.com/Acme/Payments',
    'https://github.com/acme/payments.git',
    'https://github.com/acme/payments/',
    'git@github.com:acme/payments.git',
    'ssh://git@github.com/acme/payments.git',
    'url:https://github.com/acme/payments/tree/main/',
    'https://github.com/acme/payments/blob/main/catalog-info.yaml',
  ])('reads %s as https://github.com/acme/payments', value => {
    expect(normalizeRepository(value, 'repository')).toBe(
      'https://github.com/acme/payments',
    );
  });

  it('keeps GitLab subgroups and drops the /-/ view', () => {
    expect(
      normalizeRepository(
        'https://gitlab.example.com/group/sub/app/-/tree/main',
        'repository',
      ),
    ).toBe('https://gitlab.example.com/group/sub/app');
  });

  it.each([
    ['not a URL', 'payments'],
    ['a host without a repository', 'https://github.com/acme'],
    ['a file URL', 'file:///etc/passwd'],
  ])('refuses %s, naming the field', (_, value) => {
    expect(() => normalizeRepository(value, 'body.repository')).toThrow(
      /^body\.repository: must /,
    );
  });
});

describe('commitUrl', () => {
  it('links to the commit page of GitHub and GitLab', () => {
    expect(commitUrl('https://github.com/acme/p', 'abc')).toBe(
      'https://github.com/acme/p/commit/abc',
    );
    expect(commitUrl('https://gitlab.com/g/p', 'abc')).toBe(
      'https://gitlab.com/g/p/-/commit/abc',
    );
  });
});
