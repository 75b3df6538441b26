import { ResponseError } from '@backstage/errors';
import { SandboxesClient } from './SandboxesClient';

type Call = { url: string; init: RequestInit };

function clientAnswering(response: () => Response) {
  const calls: Call[] = [];
  const client = new SandboxesClient({
    discoveryApi: {
      getBaseUrl: async pluginId => `http://backend/api/${pluginId}`,
    },
    fetchApi: {
      fetch: (async (url: string, init: RequestInit) => {
        calls.push({ url, init });
        return response();
      }) as typeof fetch,
    },
  });
  return { client, calls };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

describe('SandboxesClient', () => {
  it('builds the list query string from the defined filters only', async () => {
    const { client, calls } = clientAnswering(() =>
      json({ items: [], totalCount: 0 }),
    );
    await client.listSandboxes({
      owner: 'me',
      q: 'a b&c',
      limit: 5,
      cursor: undefined,
    });
    expect(calls[0].url).toBe(
      'http://backend/api/sandboxes/sandboxes?owner=me&q=a+b%26c&limit=5',
    );
    expect(calls[0].init.method).toBe('GET');
  });

  it('sends the token as a bearer header and the body as JSON', async () => {
    const { client, calls } = clientAnswering(() => json({ name: 'x' }));
    await client.extendSandbox('my-box', 30, { token: 'tok' });
    expect(calls[0].url).toBe(
      'http://backend/api/sandboxes/sandboxes/my-box/extend',
    );
    expect(calls[0].init.method).toBe('POST');
    expect(calls[0].init.headers).toEqual({
      Authorization: 'Bearer tok',
      'Content-Type': 'application/json',
    });
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ minutes: 30 });
  });

  it('sends a change as PATCH of the sandbox with the fields to change only', async () => {
    const { client, calls } = clientAnswering(() => json({ name: 'my-box' }));
    await client.updateSandbox('my-box', {
      size: 'large',
      images: { api: null },
    });
    expect(calls[0].url).toBe('http://backend/api/sandboxes/sandboxes/my-box');
    expect(calls[0].init.method).toBe('PATCH');
    expect(JSON.parse(String(calls[0].init.body))).toEqual({
      size: 'large',
      images: { api: null },
    });
  });

  it('escapes names in the path so they cannot change the route', async () => {
    const { client, calls } = clientAnswering(() => json({}));
    await client.getSandbox('../templates');
    expect(calls[0].url).toBe(
      'http://backend/api/sandboxes/sandboxes/..%2Ftemplates',
    );
  });

  it('resolves delete answered with 204 without reading a body', async () => {
    const { client, calls } = clientAnswering(
      () => new Response(null, { status: 204 }),
    );
    await expect(client.deleteSandbox('gone')).resolves.toBeUndefined();
    expect(calls[0].init.method).toBe('DELETE');
  });

  it('throws a ResponseError carrying the backend error body and headers', async () => {
    const { client } = clientAnswering(
      () =>
        new Response(
          JSON.stringify({
            error: { name: 'QuotaExceededError', message: 'per-user quota 3' },
            response: { statusCode: 429 },
          }),
          {
            status: 429,
            headers: {
              'Content-Type': 'application/json',
              'Retry-After': '120',
            },
          },
        ),
    );
    const error = await client
      .createSandbox({ template: 'payments' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(429);
    expect(error.body.error.message).toBe('per-user quota 3');
    expect(error.response.headers.get('Retry-After')).toBe('120');
  });
});
