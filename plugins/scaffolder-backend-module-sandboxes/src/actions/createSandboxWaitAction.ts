import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  SANDBOX_PHASES,
  sandboxPageUrl,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import {
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_TIMEOUT_SECONDS,
  MAX_TIMEOUT_SECONDS,
  SandboxActionsOptions,
} from './options';
import { waitForPhase } from './waitForPhase';

/**
 * `sandbox:wait`: waits until a sandbox reaches a phase (Ready by default).
 * Fails with the sandbox's last phase and conditions when it does not in
 * time, or at once when it fails.
 *
 * @public
 */
export function createSandboxWaitAction(options: SandboxActionsOptions) {
  const { sandboxes, appBaseUrl } = options;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;

  return createTemplateAction({
    id: 'sandbox:wait',
    description:
      'Waits until a sandbox reaches a phase (Ready by default), and fails with its conditions when it does not.',
    examples: [
      {
        description:
          'Wait up to ten minutes for the sandbox of an earlier step',
        example: `steps:
  - id: wait
    name: Wait for the sandbox
    action: sandbox:wait
    input:
      name: \${{ steps.sandbox.output.name }}
      timeoutSeconds: 600`,
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string({ description: 'Name of the sandbox' }),
        phase: z =>
          z
            .enum(SANDBOX_PHASES, {
              description: 'The phase to wait for (default Ready)',
            })
            .optional(),
        timeoutSeconds: z =>
          z
            .number({
              description: `How long to wait, in seconds (default ${DEFAULT_TIMEOUT_SECONDS}, at most ${MAX_TIMEOUT_SECONDS})`,
            })
            .positive()
            .max(MAX_TIMEOUT_SECONDS)
            .optional(),
      },
      output: {
        phase: z => z.string({ description: 'The phase reached' }),
        url: z =>
          z
            .string({ description: 'URL of the sandbox main endpoint' })
            .optional(),
        portalUrl: z =>
          z.string({ description: 'The sandbox page in the portal' }),
      },
    },
    async handler(ctx) {
      const phase = ctx.input.phase ?? 'Ready';
      const portalUrl = sandboxPageUrl(appBaseUrl, ctx.input.name);
      if (ctx.isDryRun) {
        // The sandbox of a dry run was never created; there is nothing to poll.
        ctx.logger.info(
          `Dry run: would wait for sandbox ${ctx.input.name} to be ${phase}`,
        );
        ctx.output('phase', phase);
        ctx.output('portalUrl', portalUrl);
        return;
      }
      const credentials = await ctx.getInitiatorCredentials();
      const sandbox = await waitForPhase(
        sandboxes,
        { credentials },
        {
          name: ctx.input.name,
          phase,
          timeoutSeconds: ctx.input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
          pollIntervalMs,
          signal: ctx.signal,
          onPhase: s => ctx.logger.info(`Sandbox ${s.name} is ${s.phase}`),
        },
      );
      ctx.output('phase', sandbox.phase);
      if (sandbox.url) {
        ctx.output('url', sandbox.url);
      }
      ctx.output('portalUrl', portalUrl);
    },
  });
}
