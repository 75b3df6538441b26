import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { FakeSandboxesService } from '../__testUtils__/FakeSandboxesService';
import { createSandboxWaitAction } from './createSandboxWaitAction';

async function setup() {
  const sandboxes = new FakeSandboxesService();
  const ctx = createMockActionContext();
  await sandboxes.createSandbox(
    { template: 'payments-api', name: 'demo-1' },
    { credentials: await ctx.getInitiatorCredentials() },
  );
  const action = createSandboxWaitAction({
    sandboxes,
    appBaseUrl: 'http://localhost:3000',
    pollIntervalMs: 5,
  });
  return { sandboxes, action };
}

describe('sandbox:wait', () => {
  it('waits for Ready by default and outputs the URL', async () => {
    const { sandboxes, action } = await setup();
    sandboxes.phases = ['Provisioning', 'Ready'];
    const ctx = createMockActionContext({ input: { name: 'demo-1' } });

    await action.handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('phase', 'Ready');
    expect(ctx.output).toHaveBeenCalledWith(
      'url',
      'http://demo-1.sandboxes.localhost',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'portalUrl',
      'http://localhost:3000/sandboxes/demo-1',
    );
  });

  it('waits for another phase when asked', async () => {
    const { sandboxes, action } = await setup();
    sandboxes.phases = ['Ready', 'Suspending', 'Suspended'];
    const ctx = createMockActionContext({
      input: { name: 'demo-1', phase: 'Suspended' as const },
    });

    await action.handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('phase', 'Suspended');
  });

  it('fails with the last phase and a note that there are no conditions yet when time runs out', async () => {
    const { sandboxes, action } = await setup();
    sandboxes.phases = ['Pending'];
    const ctx = createMockActionContext({
      input: { name: 'demo-1', timeoutSeconds: 0.05 },
    });

    await expect(action.handler(ctx)).rejects.toThrow(
      'Sandbox "demo-1" was not Ready after 0.05 seconds; it is still Pending. It reports no conditions yet.',
    );
  });

  it('says so when the sandbox does not exist', async () => {
    const { action } = await setup();
    const ctx = createMockActionContext({ input: { name: 'nope' } });

    await expect(action.handler(ctx)).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'Could not read sandbox "nope": Sandbox "nope" not found',
    });
  });

  it('stops waiting when the task is cancelled', async () => {
    const { sandboxes, action } = await setup();
    sandboxes.phases = ['Provisioning'];
    const controller = new AbortController();
    const ctx = {
      ...createMockActionContext({
        input: { name: 'demo-1', timeoutSeconds: 600 },
      }),
      signal: controller.signal,
    };

    const done = action.handler(ctx);
    setTimeout(() => controller.abort(), 20);

    await expect(done).rejects.toThrow('Waiting for the sandbox was cancelled');
  });

  it('polls nothing in a dry run, where the sandbox was never created', async () => {
    const { sandboxes, action } = await setup();
    const ctx = {
      ...createMockActionContext({ input: { name: 'dry-run-sandbox' } }),
      isDryRun: true,
    };
    const callsBefore = sandboxes.callers.length;

    await action.handler(ctx);

    expect(sandboxes.callers.length).toBe(callsBefore);
    expect(ctx.output).toHaveBeenCalledWith('phase', 'Ready');
  });
});
