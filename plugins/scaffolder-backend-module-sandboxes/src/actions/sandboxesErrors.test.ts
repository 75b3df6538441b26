import { backendError } from '../__testUtils__/FakeSandboxesService';
import { explainSandboxesError } from './sandboxesErrors';

const now = new Date('2026-11-23T10:00:00Z');

describe('explainSandboxesError', () => {
  it('reads a Retry-After given as an HTTP date', async () => {
    const error = await backendError(429, 'Group quota of team-a reached', {
      'Retry-After': 'Mon, 23 Nov 2026 10:42:00 GMT',
    });

    expect(explainSandboxesError(error, 'create a sandbox', now).message).toBe(
      'Could not create a sandbox: Group quota of team-a reached. A slot frees up in about 42 minutes (at 2026-11-23T10:42:00.000Z), when your soonest sandbox expires. Delete or let expire one of your sandboxes to start a new one.',
    );
  });

  it('still advises what to do when a quota refusal carries no Retry-After', async () => {
    const error = await backendError(429, 'User quota reached');

    expect(explainSandboxesError(error, 'create a sandbox', now).message).toBe(
      'Could not create a sandbox: User quota reached. Delete or let expire one of your sandboxes to start a new one.',
    );
  });

  it('tells the user to try again later when the cluster is unreachable', async () => {
    const error = await backendError(503, 'Cluster local is unreachable');

    expect(explainSandboxesError(error, 'create a sandbox', now)).toMatchObject(
      {
        name: 'ServiceUnavailableError',
        message:
          'Could not create a sandbox now, the sandboxes backend cannot reach the cluster: Cluster local is unreachable. Try again in a few minutes.',
      },
    );
  });

  it('keeps the cause of an error that did not come from the backend', () => {
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:7007');
    const explained = explainSandboxesError(
      cause,
      'list the sandbox templates',
    );

    expect(explained.message).toBe(
      'Could not list the sandbox templates; caused by Error: connect ECONNREFUSED 127.0.0.1:7007',
    );
  });
});
