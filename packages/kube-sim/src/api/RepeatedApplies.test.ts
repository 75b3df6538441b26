import { startKubeSim, KubeSim } from '../startKubeSim';

/**
 * A server-side apply that repeats the manager's last one on an object nobody
 * has written since is answered from memory; every other apply goes through
 * the full path. These cases check that the answer is the real one either way.
 */
describe('repeated server-side applies', () => {
  let sim: KubeSim;
  const PATH = '/api/v1/namespaces/default/configmaps/cfg';
  const send = async (
    method: string,
    query: string,
    body: unknown,
    type: string,
  ) => {
    const res = await fetch(`${sim.url}${PATH}${query}`, {
      method,
      headers: { 'Content-Type': type },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const apply = (body: unknown, manager = 'ctl', force = false) =>
    send(
      'PATCH',
      `?fieldManager=${manager}${force ? '&force=true' : ''}`,
      body,
      'application/apply-patch+yaml',
    );
  const config = (value: string) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cfg' },
    data: { key: value },
  });

  beforeAll(async () => {
    sim = await startKubeSim({ port: 0, kubeletDelayMs: 10 });
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it('answers the same apply again with the unchanged object', async () => {
    const first = await apply(config('a'));
    expect(first.status).toBe(201);
    const again = await apply(config('a'));
    expect(again.status).toBe(200);
    expect(again.body.metadata.resourceVersion).toBe(
      first.body.metadata.resourceVersion,
    );
    expect(again.body.data).toEqual({ key: 'a' });
  });

  it('re-applies after another writer changed the object, with the conflict a real server gives', async () => {
    await apply(config('a'));
    const other = await send(
      'PATCH',
      '?fieldManager=editor',
      { data: { key: 'b' } },
      'application/merge-patch+json',
    );
    expect(other.status).toBe(200);
    const conflict = await apply(config('a'));
    expect(conflict.status).toBe(409);
    expect(conflict.body.message).toContain('conflict with "editor"');
    const forced = await apply(config('a'), 'ctl', true);
    expect(forced.status).toBe(200);
    expect(forced.body.data).toEqual({ key: 'a' });
  });

  it('applies for real to a recreated object of the same name', async () => {
    await apply(config('a'));
    await fetch(`${sim.url}${PATH}`, { method: 'DELETE' });
    const recreated = await apply(config('a'));
    expect(recreated.status).toBe(201);
  });

  it('checks a resourceVersion precondition every time', async () => {
    const first = await apply(config('a'));
    const withVersion = {
      ...config('a'),
      metadata: {
        name: 'cfg',
        resourceVersion: first.body.metadata.resourceVersion,
      },
    };
    expect((await apply(withVersion)).status).toBe(200);
    await apply(config('c'));
    expect((await apply(withVersion)).status).toBe(409);
  });
});
