import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  backendError,
  FakeSandboxesService,
  paymentsTemplate,
} from '../__testUtils__/FakeSandboxesService';
import { createSandboxUpdateAction } from './createSandboxUpdateAction';

const appBaseUrl = 'http://localhost:3000';

async function setup() {
  const sandboxes = new FakeSandboxesService();
  sandboxes.templates = [
    {
      ...paymentsTemplate,
      parameters: paymentsTemplate.parameters.map(p =>
        p.name === 'rateLimit' ? { ...p, mutable: true } : p,
      ),
    },
  ];
  const ctx = createMockActionContext();
  const created = await sandboxes.createSandbox(
    {
      template: 'payments-api',
      name: 'demo-1',
      parameters: { rateLimit: 50, apiKey: 'k' },
    },
    { credentials: await ctx.getInitiatorCredentials() },
  );
  sandboxes.sandboxes.set('demo-1', {
    ...created,
    components: [
      { name: 'api', kind: 'Deployment', desiredReplicas: 1, readyReplicas: 1 },
    ],
  });
  const action = createSandboxUpdateAction({ sandboxes, appBaseUrl });
  return { sandboxes, action };
}

describe('sandbox:update', () => {
  it('changes size, a mutable parameter (converted from form text) and an image as the user running the template', async () => {
    const { sandboxes, action } = await setup();
    const ctx = createMockActionContext({
      input: {
        name: 'demo-1',
        size: 'large',
        parameters: { rateLimit: '200' },
        images: { api: 'ghcr.io/acme/api:2.0.0' },
      },
    });

    await action.handler(ctx);

    expect(sandboxes.updates).toEqual([
      {
        name: 'demo-1',
        request: {
          size: 'large',
          parameters: { rateLimit: 200 },
          images: { api: 'ghcr.io/acme/api:2.0.0' },
        },
      },
    ]);
    expect(sandboxes.callers.at(-1)).toBe(await ctx.getInitiatorCredentials());
    expect(ctx.output).toHaveBeenCalledWith('changed', [
      'size',
      'parameters',
      'images',
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'portalUrl',
      'http://localhost:3000/sandboxes/demo-1',
    );
  });

  it('follows a branch of a catalog entity, and an empty image goes back to the template’s', async () => {
    const { sandboxes, action } = await setup();
    const ctx = createMockActionContext({
      input: {
        name: 'demo-1',
        images: { api: '' },
        follow: { entityRef: 'component:default/payments', branch: 'pr-7' },
      },
    });

    await action.handler(ctx);

    expect(sandboxes.updates[0].request).toEqual({
      images: { api: null },
      follow: { entityRef: 'component:default/payments', branch: 'pr-7' },
    });
  });

  it('reports every problem at once, naming field and rule, and changes nothing', async () => {
    const { sandboxes, action } = await setup();
    const ctx = createMockActionContext({
      input: {
        name: 'demo-1',
        size: 'huge',
        parameters: { rateLimit: 5000, currency: 'USD' },
        images: { api: 'Not An Image', worker: 'ghcr.io/acme/worker:1' },
        follow: { branch: 'main' },
      },
    });

    await expect(action.handler(ctx)).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /^The sandbox change is not valid: size "huge" is not offered by template payments-api; choose one of small, large; parameter "currency" cannot be changed on a running sandbox \(the template does not mark it mutable\); parameter "rateLimit" must be at most 1000; image of "api" must be an image reference like .*; images: sandbox demo-1 has no component "worker" \(components: api\); follow needs either a repository or an entityRef\.$/,
      ),
    });
    expect(sandboxes.updates).toEqual([]);
  });

  it('passes a mutable secret value through without logging it, and does not ask again for a secret that is set', async () => {
    const sandboxes = new FakeSandboxesService();
    sandboxes.templates = [
      {
        ...paymentsTemplate,
        parameters: [
          { name: 'rateLimit', type: 'number', maximum: 1000, mutable: true },
          {
            name: 'apiToken',
            type: 'string',
            secret: true,
            required: true,
            mutable: true,
          },
          { name: 'dbPassword', type: 'string', secret: true, required: true },
        ],
      },
    ];
    const setupCtx = createMockActionContext();
    const created = await sandboxes.createSandbox(
      {
        template: 'payments-api',
        name: 'demo-2',
        parameters: { rateLimit: 5 },
      },
      { credentials: await setupCtx.getInitiatorCredentials() },
    );
    // As the backend shows it: the names of the secrets set, no values.
    sandboxes.sandboxes.set('demo-2', {
      ...created,
      secretParameters: ['apiToken', 'dbPassword'],
    });
    const action = createSandboxUpdateAction({ sandboxes, appBaseUrl });
    // In a template: apiToken: ${{ secrets.apiToken }} (ui:field: Secret).
    const ctx = createMockActionContext({
      input: {
        name: 'demo-2',
        parameters: { rateLimit: '7', apiToken: 'tok-rotated-8d1c' },
      },
      secrets: { apiToken: 'tok-rotated-8d1c' },
    });
    const logged = (['debug', 'info', 'warn', 'error'] as const).map(level =>
      jest.spyOn(ctx.logger, level),
    );

    await action.handler(ctx);

    expect(sandboxes.updates).toEqual([
      {
        name: 'demo-2',
        request: { parameters: { rateLimit: 7, apiToken: 'tok-rotated-8d1c' } },
      },
    ]);
    expect(logged.some(spy => spy.mock.calls.length > 0)).toBe(true);
    expect(JSON.stringify(logged.map(spy => spy.mock.calls))).not.toContain(
      'tok-rotated',
    );
  });

  it('checks the change but sends nothing in a dry run', async () => {
    const { sandboxes, action } = await setup();
    const ctx = {
      ...createMockActionContext({
        input: { name: 'demo-1', size: 'large' },
      }),
      isDryRun: true,
    };

    await action.handler(ctx);

    expect(sandboxes.updates).toEqual([]);
    expect(ctx.output).toHaveBeenCalledWith('changed', ['size']);
  });

  it('says what would free the room when the backend refuses the larger size', async () => {
    const { sandboxes, action } = await setup();
    sandboxes.refuseNextUpdate = await backendError(
      429,
      'You already have 1 large sandbox(es), the most allowed. Make big-1 smaller, or delete it, to free the room',
      { 'Retry-After': '600' },
    );
    const ctx = createMockActionContext({
      input: { name: 'demo-1', size: 'large' },
    });

    await expect(action.handler(ctx)).rejects.toMatchObject({
      name: 'QuotaExceededError',
      message: expect.stringContaining(
        'Could not change sandbox "demo-1": You already have 1 large sandbox(es), the most allowed. Make big-1 smaller, or delete it, to free the room.',
      ),
    });
  });

  it('says when the sandbox does not exist', async () => {
    const { action } = await setup();
    const ctx = createMockActionContext({
      input: { name: 'nope', size: 'large' },
    });
    await expect(action.handler(ctx)).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'Could not read sandbox "nope": Sandbox "nope" not found',
    });
  });
});
