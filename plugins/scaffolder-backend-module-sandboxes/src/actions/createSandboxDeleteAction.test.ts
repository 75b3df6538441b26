import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  backendError,
  FakeSandboxesService,
} from '../__testUtils__/FakeSandboxesService';
import { createSandboxDeleteAction } from './createSandboxDeleteAction';

async function setup() {
  const sandboxes = new FakeSandboxesService();
  const ctx = createMockActionContext();
  await sandboxes.createSandbox(
    { template: 'payments-api', name: 'demo-1' },
    { credentials: await ctx.getInitiatorCredentials() },
  );
  return { sandboxes, action: createSandboxDeleteAction({ sandboxes }) };
}

describe('sandbox:delete', () => {
  it('deletes the sandbox as the user running the template', async () => {
    const { sandboxes, action } = await setup();
    const ctx = createMockActionContext({ input: { name: 'demo-1' } });

    await action.handler(ctx);

    expect(sandboxes.deleted).toEqual(['demo-1']);
    expect(sandboxes.callers.at(-1)).toBe(await ctx.getInitiatorCredentials());
  });

  it('counts a sandbox that is already gone as deleted, so a retried task succeeds', async () => {
    const { sandboxes, action } = await setup();
    const ctx = createMockActionContext({ input: { name: 'gone' } });

    await expect(action.handler(ctx)).resolves.toBeUndefined();
    expect(sandboxes.deleted).toEqual([]);
  });

  it('says the user may not delete a sandbox the permission policy protects', async () => {
    const { sandboxes, action } = await setup();
    sandboxes.refuseNextDelete = await backendError(
      403,
      'Only the owner of sandbox demo-1 or an admin may delete it',
    );
    const ctx = createMockActionContext({ input: { name: 'demo-1' } });

    await expect(action.handler(ctx)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        'You are not allowed to delete sandbox "demo-1": Only the owner of sandbox demo-1 or an admin may delete it',
    });
    expect(sandboxes.sandboxes.has('demo-1')).toBe(true);
  });

  it('deletes nothing in a dry run', async () => {
    const { sandboxes, action } = await setup();
    const ctx = {
      ...createMockActionContext({ input: { name: 'demo-1' } }),
      isDryRun: true,
    };

    await action.handler(ctx);

    expect(sandboxes.sandboxes.has('demo-1')).toBe(true);
  });
});
