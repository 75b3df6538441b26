import { ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { SandboxActionsOptions } from './options';
import { explainSandboxesError } from './sandboxesErrors';

/**
 * `sandbox:delete`: deletes a sandbox on behalf of the user running the
 * template. A sandbox that is already gone counts as deleted, so a retried
 * task does not fail.
 *
 * @public
 */
export function createSandboxDeleteAction(
  options: Pick<SandboxActionsOptions, 'sandboxes'>,
) {
  const { sandboxes } = options;

  return createTemplateAction({
    id: 'sandbox:delete',
    description:
      'Deletes a sandbox and everything in it. A sandbox that is already gone counts as deleted.',
    examples: [
      {
        description: 'Delete a sandbox by name',
        example: `steps:
  - id: cleanup
    name: Delete the sandbox
    action: sandbox:delete
    input:
      name: payments-pr-128`,
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string({ description: 'Name of the sandbox to delete' }),
      },
    },
    async handler(ctx) {
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would delete sandbox ${ctx.input.name}`);
        return;
      }
      const credentials = await ctx.getInitiatorCredentials();
      try {
        await sandboxes.deleteSandbox(ctx.input.name, { credentials });
        ctx.logger.info(`Deleted sandbox ${ctx.input.name}`);
      } catch (error) {
        if (ResponseError.is(error) && error.statusCode === 404) {
          ctx.logger.info(`Sandbox ${ctx.input.name} was already gone`);
          return;
        }
        throw explainSandboxesError(
          error,
          `delete sandbox "${ctx.input.name}"`,
        );
      }
    },
  });
}
