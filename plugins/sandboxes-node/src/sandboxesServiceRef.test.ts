import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import { sandboxesServiceRef } from './sandboxesServiceRef';
import { SandboxesService } from './SandboxesService';

interface RecordedRequest {
  method: string;
  url: string;
  authorization?: string;
  body?: unknown;
}

type Handler = (request: RecordedRequest) => {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
};

/** A real HTTP server standing in for the sandboxes backend. */
async function startFakeSandboxesBackend(handler: Handler) {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer(
    async (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        body: text ? JSON.parse(text) : undefined,
      };
      requests.push(recorded);
      const answer = handler(recorded);
      res.writeHead(answer.status, {
        'Content-Type': 'application/json',
        ...answer.headers,
      });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    },
  );
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/sandboxes`,
    requests,
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

async function startBackendWithService(sandboxesBaseUrl: string) {
  let service: SandboxesService | undefined;
  const discovery = createServiceFactory({
    service: coreServices.discovery,
    deps: {},
    factory: () => ({
      getBaseUrl: async (pluginId: string) =>
        pluginId === 'sandboxes'
          ? sandboxesBaseUrl
          : `http://127.0.0.1:1/api/${pluginId}`,
      getExternalBaseUrl: async (pluginId: string) =>
        `http://127.0.0.1:1/api/${pluginId}`,
    }),
  });
  const consumer = createBackendPlugin({
    pluginId: 'consumer',
    register(env) {
      env.registerInit({
        deps: { sandboxes: sandboxesServiceRef },
        async init({ sandboxes }) {
          service = sandboxes;
        },
      });
    },
  });
  const backend = await startTestBackend({ features: [discovery, consumer] });
  return { backend, service: service! };
}

const jane = mockCredentials.user('user:default/jane');

describe('sandboxesServiceRef', () => {
  let fake: Awaited<ReturnType<typeof startFakeSandboxesBackend>>;
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;

  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
    await fake?.stop();
  });

  it('forwards a plugin request token issued on behalf of the caller', async () => {
    fake = await startFakeSandboxesBackend(() => ({
      status: 200,
      body: { items: [] },
    }));
    const started = await startBackendWithService(fake.baseUrl);
    backend = started.backend;

    await expect(
      started.service.listTemplates({ credentials: jane }),
    ).resolves.toEqual({ items: [] });

    expect(fake.requests).toEqual([
      {
        method: 'GET',
        url: '/api/sandboxes/templates',
        authorization: `Bearer ${mockCredentials.service.token({
          onBehalfOf: jane,
          targetPluginId: 'sandboxes',
        })}`,
        body: undefined,
      },
    ]);
  });

  it('sends list filters as a query string and the create request as JSON', async () => {
    fake = await startFakeSandboxesBackend(request =>
      request.method === 'POST'
        ? { status: 201, body: { name: 'demo-1', phase: 'Pending' } }
        : { status: 200, body: { items: [], totalCount: 0 } },
    );
    const started = await startBackendWithService(fake.baseUrl);
    backend = started.backend;
    const service = mockCredentials.service('plugin:catalog');

    await started.service.listSandboxes(
      { owner: 'me', limit: 50, cursor: 'abc' },
      { credentials: service },
    );
    const created = await started.service.createSandbox(
      { template: 'payments-api', size: 'small', ttlMinutes: 60 },
      { credentials: jane },
    );

    expect(created).toEqual({ name: 'demo-1', phase: 'Pending' });
    expect(fake.requests.map(r => [r.method, r.url, r.body])).toEqual([
      [
        'GET',
        '/api/sandboxes/sandboxes?owner=me&limit=50&cursor=abc',
        undefined,
      ],
      [
        'POST',
        '/api/sandboxes/sandboxes',
        { template: 'payments-api', size: 'small', ttlMinutes: 60 },
      ],
    ]);
    expect(fake.requests[0].authorization).toBe(
      `Bearer ${mockCredentials.service.token({
        onBehalfOf: service,
        targetPluginId: 'sandboxes',
      })}`,
    );
  });

  it('throws the backend error as a ResponseError that keeps status, message and Retry-After', async () => {
    fake = await startFakeSandboxesBackend(() => ({
      status: 429,
      headers: { 'Retry-After': '900' },
      body: {
        error: {
          name: 'QuotaExceededError',
          message: 'You already have 3 sandboxes, the most a user may have',
        },
        response: { statusCode: 429 },
      },
    }));
    const started = await startBackendWithService(fake.baseUrl);
    backend = started.backend;

    const error = await started.service
      .createSandbox({ template: 'payments-api' }, { credentials: jane })
      .catch(e => e);

    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(429);
    expect(error.body.error.message).toBe(
      'You already have 3 sandboxes, the most a user may have',
    );
    expect(error.response.headers.get('retry-after')).toBe('900');
  });

  it('refuses to call the backend for unauthenticated credentials', async () => {
    fake = await startFakeSandboxesBackend(() => ({ status: 200, body: {} }));
    const started = await startBackendWithService(fake.baseUrl);
    backend = started.backend;

    await expect(
      started.service.deleteSandbox('demo-1', {
        credentials: mockCredentials.none(),
      }),
    ).rejects.toThrow(/Refused to issue service token/);
    expect(fake.requests).toEqual([]);
  });

  it('addresses one sandbox by name in the path and sends extend minutes as JSON', async () => {
    fake = await startFakeSandboxesBackend(request =>
      request.method === 'DELETE'
        ? { status: 204 }
        : { status: 200, body: { name: 'demo-1' } },
    );
    const started = await startBackendWithService(fake.baseUrl);
    backend = started.backend;

    await started.service.extendSandbox('demo-1', 30, { credentials: jane });
    await started.service.deleteSandbox('demo-1', { credentials: jane });

    expect(fake.requests.map(r => [r.method, r.url, r.body])).toEqual([
      ['POST', '/api/sandboxes/sandboxes/demo-1/extend', { minutes: 30 }],
      ['DELETE', '/api/sandboxes/sandboxes/demo-1', undefined],
    ]);
  });
});
