import { mockCredentials } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  backendError,
  FakeSandboxesService,
} from '../__testUtils__/FakeSandboxesService';
import { createSandboxCreateAction } from './createSandboxCreateAction';

const appBaseUrl = 'http://localhost:3000';

function setup() {
  const sandboxes = new FakeSandboxesService();
  const action = createSandboxCreateAction({
    sandboxes,
    appBaseUrl,
    pollIntervalMs: 5,
  });
  return { sandboxes, action };
}

const validInput = {
  template: 'payments-api',
  name: 'demo-1',
  displayName: 'Demo for Acme',
  size: 'small',
  ttlMinutes: 90,
  entityRef: 'component:default/payments-api',
  parameters: { apiKey: 'k-123', rateLimit: 20 },
};

describe('sandbox:create', () => {
  it('creates the sandbox as the user running the template and outputs its name, phase and portal page', async () => {
    const { sandboxes, action } = setup();
    const ctx = createMockActionContext({ input: validInput });

    await action.handler(ctx);

    expect(sandboxes.created).toEqual([
      {
        template: 'payments-api',
        cluster: 'local',
        name: 'demo-1',
        displayName: 'Demo for Acme',
        size: 'small',
        ttlMinutes: 90,
        entityRef: 'component:default/payments-api',
        parameters: { apiKey: 'k-123', rateLimit: 20 },
      },
    ]);
    const initiator = await ctx.getInitiatorCredentials();
    expect(initiator).toEqual(mockCredentials.user());
    expect(sandboxes.callers.every(c => c === initiator)).toBe(true);
    expect(ctx.output).toHaveBeenCalledWith('name', 'demo-1');
    expect(ctx.output).toHaveBeenCalledWith('phase', 'Pending');
    expect(ctx.output).toHaveBeenCalledWith(
      'portalUrl',
      'http://localhost:3000/sandboxes/demo-1',
    );
    expect(ctx.output).not.toHaveBeenCalledWith('url', expect.anything());
  });

  it('waits until the sandbox is Ready when asked, and outputs its URL', async () => {
    const { sandboxes, action } = setup();
    sandboxes.phases = ['Pending', 'Provisioning', 'Provisioning', 'Ready'];
    const ctx = createMockActionContext({
      input: { ...validInput, waitForReady: true, timeoutSeconds: 5 },
    });

    await action.handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('phase', 'Ready');
    expect(ctx.output).toHaveBeenCalledWith(
      'url',
      'http://demo-1.sandboxes.localhost',
    );
  });

  it('converts parameter values from form text to the types the template declares', async () => {
    const { sandboxes, action } = setup();
    const ctx = createMockActionContext({
      input: {
        template: 'payments-api',
        parameters: { apiKey: 'k', rateLimit: '250', seedData: 'true' },
      },
    });

    await action.handler(ctx);

    expect(sandboxes.created[0].parameters).toEqual({
      apiKey: 'k',
      rateLimit: 250,
      seedData: true,
    });
    expect(ctx.output).toHaveBeenCalledWith('name', 'payments-api-1');
  });

  it('treats fields a form left empty as not given', async () => {
    const { sandboxes, action } = setup();
    const ctx = createMockActionContext({
      input: {
        template: 'payments-api',
        name: '',
        displayName: ' ',
        size: '',
        entityRef: '',
        parameters: { apiKey: 'k', currency: '' },
      },
    });

    await action.handler(ctx);

    expect(sandboxes.created[0]).toEqual({
      template: 'payments-api',
      cluster: 'local',
      parameters: { apiKey: 'k' },
    });
  });

  it('says which quota refused the sandbox and when a slot frees up', async () => {
    const { sandboxes, action } = setup();
    sandboxes.refuseNextCreate = await backendError(
      429,
      'You already have 3 sandboxes, the most one user may have at once',
      { 'Retry-After': '900' },
    );
    const ctx = createMockActionContext({ input: validInput });

    const error = await action.handler(ctx).catch(e => e);

    expect(error.name).toBe('QuotaExceededError');
    expect(error.message).toMatch(
      /^Could not create a sandbox of template payments-api: You already have 3 sandboxes, the most one user may have at once\. A slot frees up in about 15 minutes \(at \d{4}-\d\d-\d\dT[\d:.]+Z\), when your soonest sandbox expires\./,
    );
    expect(sandboxes.sandboxes.size).toBe(0);
  });

  it('rejects a template that does not exist, naming the ones that do', async () => {
    const { sandboxes, action } = setup();
    const ctx = createMockActionContext({
      input: { template: 'payment-api' },
    });

    await expect(action.handler(ctx)).rejects.toThrow(
      'There is no sandbox template named "payment-api". Available templates: payments-api.',
    );
    expect(sandboxes.created).toEqual([]);
  });

  it('reports every invalid field of the input at once, each with its rule', async () => {
    const { sandboxes, action } = setup();
    const ctx = createMockActionContext({
      input: {
        template: 'payments-api',
        name: 'Demo_1',
        entityRef: 'payments-api',
        size: 'huge',
        ttlMinutes: 600,
        parameters: {
          rateLimit: 5000,
          currency: 'GBP',
          branch: 'Feature/X',
          colour: 'blue',
        },
      },
    });

    const error = await action.handler(ctx).catch(e => e);

    expect(error.name).toBe('InputError');
    for (const problem of [
      'name "Demo_1" must be a DNS-1123 label: lower-case letters',
      'entityRef "payments-api" must be a full entity ref like component:default/payments-api',
      'size "huge" is not offered by template payments-api; choose one of small, large',
      'ttlMinutes 600 is longer than template payments-api allows (at most 180 minutes)',
      'parameter "colour" is not a parameter of this template',
      'parameter "rateLimit" must be at most 1000',
      'parameter "currency" must be one of EUR, USD',
      'parameter "branch" must match the pattern [a-z0-9-]+',
      'parameter "apiKey" is required',
    ]) {
      expect(error.message).toContain(problem);
    }
    expect(sandboxes.created).toEqual([]);
  });

  it('passes on a refusal of the backend as an input error with its message', async () => {
    const { sandboxes, action } = setup();
    sandboxes.refuseNextCreate = await backendError(
      400,
      'ttlMinutes: must be at most 480 (the template maximum)',
    );
    const ctx = createMockActionContext({ input: validInput });

    await expect(action.handler(ctx)).rejects.toMatchObject({
      name: 'InputError',
      message:
        'Could not create a sandbox of template payments-api: ttlMinutes: must be at most 480 (the template maximum)',
    });
    expect(sandboxes.created).toEqual([]);
  });

  it('waits for the catalog to hold an entity it just published, then creates', async () => {
    const { sandboxes, action } = setup();
    sandboxes.refuseNextCreate = await backendError(
      400,
      "entityRef: no catalog entity 'component:default/payments-api' that you can read",
    );
    const ctx = createMockActionContext({ input: validInput });

    await action.handler(ctx);

    // The refusal was spent, then the second attempt created it.
    expect(sandboxes.refuseNextCreate).toBeUndefined();
    expect(sandboxes.created).toHaveLength(1);
    expect(ctx.output).toHaveBeenCalledWith('name', 'demo-1');
  });

  it('gives up on an entity the catalog never holds when the timeout passes', async () => {
    const { sandboxes, action } = setup();
    sandboxes.refuseCreates = await backendError(
      400,
      "entityRef: no catalog entity 'component:default/payments-api' that you can read",
    );
    const ctx = createMockActionContext({
      input: { ...validInput, timeoutSeconds: 0.02 },
    });

    await expect(action.handler(ctx)).rejects.toMatchObject({
      name: 'InputError',
      message:
        "Could not create a sandbox of template payments-api: entityRef: no catalog entity 'component:default/payments-api' that you can read",
    });
    expect(sandboxes.created).toEqual([]);
  });

  it('fails with the last phase and conditions when the sandbox is not Ready in time', async () => {
    const { sandboxes, action } = setup();
    sandboxes.phases = ['Pending', 'Provisioning'];
    sandboxes.conditions = [
      {
        type: 'Ready',
        status: 'False',
        reason: 'WorkloadsNotReady',
        message: 'api has 0 of 1 replicas ready.',
        lastTransitionTime: '2026-11-23T10:00:00Z',
      },
      {
        type: 'Seeded',
        status: 'False',
        reason: 'SeedPending',
        message: 'Seed data is loaded once every component is ready.',
        lastTransitionTime: '2026-11-23T10:00:00Z',
      },
    ];
    const ctx = createMockActionContext({
      input: { ...validInput, waitForReady: true, timeoutSeconds: 0.1 },
    });

    const error = await action.handler(ctx).catch(e => e);

    expect(error.name).toBe('SandboxWaitError');
    expect(error.message).toBe(
      'Sandbox "demo-1" was not Ready after 0.1 seconds; it is still Provisioning. Conditions: Ready=False (WorkloadsNotReady): api has 0 of 1 replicas ready; Seeded=False (SeedPending): Seed data is loaded once every component is ready.',
    );
  });

  it('fails at once with the conditions when the sandbox fails while waited for', async () => {
    const { sandboxes, action } = setup();
    sandboxes.phases = ['Provisioning', 'Failed'];
    sandboxes.conditions = [
      {
        type: 'Ready',
        status: 'False',
        reason: 'ImagePullFailed',
        message: 'image registry.example/api:pr-12 not found',
        lastTransitionTime: '2026-11-23T10:00:00Z',
      },
    ];
    const ctx = createMockActionContext({
      input: { ...validInput, waitForReady: true, timeoutSeconds: 600 },
    });
    const reads = jest.spyOn(sandboxes, 'getSandbox');

    await expect(action.handler(ctx)).rejects.toThrow(
      'Sandbox "demo-1" will not become Ready: it is Failed. Conditions: Ready=False (ImagePullFailed): image registry.example/api:pr-12 not found.',
    );
    // It stopped at the read that saw Failed instead of polling on towards
    // the timeout.
    expect(reads).toHaveBeenCalledTimes(2);
  });

  describe('in a dry run', () => {
    it('checks the input against the template and creates nothing', async () => {
      const { sandboxes, action } = setup();
      const ctx = {
        ...createMockActionContext({ input: validInput }),
        isDryRun: true,
      };

      await action.handler(ctx);

      expect(sandboxes.created).toEqual([]);
      expect(ctx.output).toHaveBeenCalledWith('name', 'demo-1');
      expect(ctx.output).toHaveBeenCalledWith(
        'portalUrl',
        'http://localhost:3000/sandboxes/demo-1',
      );
    });

    it('fails on invalid input just like a real run', async () => {
      const { sandboxes, action } = setup();
      const ctx = {
        ...createMockActionContext({
          input: { ...validInput, size: 'medium' },
        }),
        isDryRun: true,
      };

      await expect(action.handler(ctx)).rejects.toThrow(
        'size "medium" is not offered by template payments-api',
      );
      expect(sandboxes.created).toEqual([]);
    });
  });

  it('declares its input with descriptions and marks itself dry-run capable', () => {
    const { action } = setup();
    const input = action.schema?.input as {
      required: string[];
      properties: Record<string, { description?: string }>;
    };

    expect(action.supportsDryRun).toBe(true);
    expect(input.required).toEqual(['template']);
    for (const [field, schema] of Object.entries(input.properties)) {
      expect([field, schema.description]).toEqual([field, expect.any(String)]);
    }
    expect(action.examples?.length).toBeGreaterThan(0);
  });
});
