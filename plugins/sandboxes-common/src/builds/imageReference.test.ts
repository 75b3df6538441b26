import { imageReferenceProblem } from './imageReference';

describe('imageReferenceProblem', () => {
  it.each([
    'nginx',
    'nginx:1.27',
    'docker.io/library/nginx:1.27-alpine',
    'ghcr.io/acme/payments-api:pr-12',
    'localhost:5000/app',
    'registry.example.com:443/team/sub/app_v2:build.7',
    `ghcr.io/acme/api@sha256:${'a'.repeat(64)}`,
    `ghcr.io/acme/api:1.0@sha256:${'b'.repeat(64)}`,
    '[::1]:5000/app:dev',
  ])('accepts %s', value => {
    expect(imageReferenceProblem(value)).toBeUndefined();
  });

  it.each([
    ['an upper-case path', 'ghcr.io/Acme/API:1'],
    ['a space', 'nginx: 1'],
    ['an empty tag', 'nginx:'],
    ['a tag starting with a dot', 'nginx:.1'],
    ['a too-long tag', `nginx:${'a'.repeat(129)}`],
    ['a short digest', 'nginx@sha256:abc'],
    ['a shell injection', 'nginx;rm -rf /'],
    ['a trailing slash', 'ghcr.io/acme/'],
    ['nothing', ''],
  ])('refuses %s', (_, value) => {
    expect(imageReferenceProblem(value)).toMatch(/^must /);
  });

  it('refuses a repository name over 255 characters', () => {
    expect(imageReferenceProblem(`ghcr.io/${'a'.repeat(250)}:1`)).toMatch(
      /at most 255/,
    );
  });
});
