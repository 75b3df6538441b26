import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  SandboxDetails,
  sandboxPageUrl,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { checkCreateInput } from './checkCreateInput';
import { createWhenEntityIsRead } from './createWhenEntityIsRead';
import {
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_TIMEOUT_SECONDS,
  MAX_TIMEOUT_SECONDS,
  SandboxActionsOptions,
} from './options';
import { explainSandboxesError } from './sandboxesErrors';
import { waitForPhase } from './waitForPhase';

const examples = [
  {
    description:
      'Start a sandbox of a template for a component and wait until it is ready',
    example: `steps:
  - id: sandbox
    name: Start the sandbox
    action: sandbox:create
    input:
      template: payments-api
      displayName: Demo for the Acme call
      size: small
      ttlMinutes: 60
      entityRef: component:default/payments-api
      parameters:
        rateLimit: 50
      waitForReady: true
      timeoutSeconds: 600
output:
  links:
    - title: Sandbox page
      url: \${{ steps.sandbox.output.portalUrl }}
    - title: Open the sandbox
      url: \${{ steps.sandbox.output.url }}`,
  },
  {
    description: 'Start a sandbox with a chosen name and do not wait for it',
    example: `steps:
  - id: sandbox
    action: sandbox:create
    input:
      template: payments-api
      name: payments-pr-128`,
  },
];

/**
 * `sandbox:create`: starts a sandbox for the user running the template,
 * so their quotas and permissions apply, and optionally waits until it is
 * Ready. In a dry run it checks the input against the template and creates
 * nothing.
 *
 * @public
 */
export function createSandboxCreateAction(options: SandboxActionsOptions) {
  const { sandboxes, appBaseUrl } = options;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;

  return createTemplateAction({
    id: 'sandbox:create',
    description:
      'Starts a sandbox (an isolated, short-lived copy of an application stack) for the user running the template, and can wait until it is ready.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        template: z =>
          z.string({
            description:
              'Name of the sandbox template to start, as listed on the Sandboxes page (e.g. payments-api)',
          }),
        name: z =>
          z
            .string({
              description:
                'Name of the sandbox: lower case letters, digits and "-", at most 40 characters. Generated when left out.',
            })
            .optional(),
        displayName: z =>
          z
            .string({
              description: 'A name for people, shown in the portal',
            })
            .optional(),
        parameters: z =>
          z
            .record(z.union([z.string(), z.number(), z.boolean()]), {
              description:
                'Values for the parameters the template declares, by parameter name; give a secret one as ${{ secrets.<name> }} (ui:field: Secret)',
            })
            .optional(),
        size: z =>
          z
            .string({
              description:
                'One of the sizes the template offers (e.g. small, medium, large). The template default when left out.',
            })
            .optional(),
        ttlMinutes: z =>
          z
            .number({
              description:
                'Lifetime in minutes; the template default when left out, at most the template maximum',
            })
            .int()
            .positive()
            .optional(),
        entityRef: z =>
          z
            .string({
              description:
                'Catalog entity the sandbox belongs to, e.g. component:default/payments-api',
            })
            .optional(),
        waitForReady: z =>
          z
            .boolean({
              description:
                'Wait until the sandbox is Ready before the next step (default false)',
            })
            .optional(),
        timeoutSeconds: z =>
          z
            .number({
              description: `How long to wait for the catalog to hold entityRef and for Ready, in seconds (default ${DEFAULT_TIMEOUT_SECONDS}, at most ${MAX_TIMEOUT_SECONDS})`,
            })
            .positive()
            .max(MAX_TIMEOUT_SECONDS)
            .optional(),
      },
      output: {
        name: z => z.string({ description: 'Name of the sandbox' }),
        url: z =>
          z
            .string({
              description:
                'URL of the sandbox main endpoint, once it has one (always set after waiting for Ready when the template exposes an endpoint)',
            })
            .optional(),
        portalUrl: z =>
          z.string({ description: 'The sandbox page in the portal' }),
        phase: z =>
          z.string({
            description: 'Phase of the sandbox when the step ended, e.g. Ready',
          }),
      },
    },
    async handler(ctx) {
      const credentials = await ctx.getInitiatorCredentials();
      const templates = await sandboxes
        .listTemplates({ credentials })
        .catch(error => {
          throw explainSandboxesError(error, 'list the sandbox templates');
        });
      const request = checkCreateInput(ctx.input, templates.items);

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: the input is valid; a sandbox of template ${request.template} would be created`,
        );
        const name = request.name ?? 'dry-run-sandbox';
        ctx.output('name', name);
        ctx.output('portalUrl', sandboxPageUrl(appBaseUrl, name));
        ctx.output('phase', 'Pending');
        return;
      }

      // A checkpoint, so a task resumed after a backend restart does not
      // create a second sandbox.
      const name = await ctx.checkpoint({
        key: `sandbox.create.${ctx.step?.id ?? 'step'}`,
        fn: async () => {
          const created = await createWhenEntityIsRead(sandboxes, request, {
            credentials,
            timeoutSeconds: ctx.input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
            pollIntervalMs,
            signal: ctx.signal,
            onWait: ref =>
              ctx.logger.info(
                `Waiting for the catalog to hold ${ref} (a component this template just published is read a little later)`,
              ),
          });
          return created.name;
        },
      });
      ctx.logger.info(
        `Created sandbox ${name}: ${sandboxPageUrl(appBaseUrl, name)}`,
      );

      let sandbox: SandboxDetails;
      if (ctx.input.waitForReady) {
        sandbox = await waitForPhase(
          sandboxes,
          { credentials },
          {
            name,
            phase: 'Ready',
            timeoutSeconds: ctx.input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
            pollIntervalMs,
            signal: ctx.signal,
            onPhase: s => ctx.logger.info(`Sandbox ${name} is ${s.phase}`),
          },
        );
      } else {
        sandbox = await sandboxes
          .getSandbox(name, { credentials })
          .catch(error => {
            throw explainSandboxesError(error, `read sandbox "${name}"`);
          });
      }

      ctx.output('name', sandbox.name);
      if (sandbox.url) {
        ctx.output('url', sandbox.url);
      }
      ctx.output('portalUrl', sandboxPageUrl(appBaseUrl, sandbox.name));
      ctx.output('phase', sandbox.phase);
    },
  });
}
