import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { sandboxPageUrl } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { checkUpdateInput } from './checkUpdateInput';
import { SandboxActionsOptions } from './options';
import { explainSandboxesError } from './sandboxesErrors';

const examples = [
  {
    description: 'Make a sandbox larger and raise a parameter it may change',
    example: `steps:
  - id: grow
    name: Grow the sandbox
    action: sandbox:update
    input:
      name: payments-pr-128
      size: large
      parameters:
        rateLimit: 200`,
  },
  {
    description:
      "Run a component's image from a branch, and follow that branch",
    example: `steps:
  - id: follow
    action: sandbox:update
    input:
      name: payments-pr-128
      images:
        payments-api: ghcr.io/acme/payments-api:pr-128
      follow:
        entityRef: component:default/payments-api
        branch: feature/refunds`,
  },
];

/**
 * `sandbox:update`: changes a running sandbox for the user running the
 * template (their update permission and size quota apply): display name,
 * size, image per component, the parameters its template marks mutable,
 * and the branch it follows. The input is checked against the sandbox and
 * its template first; in a dry run nothing else happens.
 *
 * @public
 */
export function createSandboxUpdateAction(
  options: Pick<SandboxActionsOptions, 'sandboxes' | 'appBaseUrl'>,
) {
  const { sandboxes, appBaseUrl } = options;

  return createTemplateAction({
    id: 'sandbox:update',
    description:
      'Changes a running sandbox: its display name, size, the image of a component, the parameters its template marks mutable, or the branch it follows. Only what changes is rolled out.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string({ description: 'Name of the sandbox to change' }),
        displayName: z =>
          z
            .string({
              description: 'A new name for people, shown in the portal',
            })
            .optional(),
        size: z =>
          z
            .string({
              description:
                'One of the sizes the template offers (e.g. small, medium, large)',
            })
            .optional(),
        parameters: z =>
          z
            .record(z.union([z.string(), z.number(), z.boolean()]), {
              description:
                'New values of parameters the template marks mutable, by parameter name; give a secret one as ${{ secrets.<name> }} (ui:field: Secret)',
            })
            .optional(),
        images: z =>
          z
            .record(z.string(), {
              description:
                'Image per component (Deployment or StatefulSet name); "" goes back to the template image',
            })
            .optional(),
        follow: z =>
          z
            .object(
              {
                repository: z.string().optional(),
                entityRef: z.string().optional(),
                branch: z.string(),
              },
              {
                description:
                  'A branch to follow, of a repository URL or of the catalog entity whose source location names it: each build CI reports for it moves the sandbox',
              },
            )
            .optional(),
        unfollow: z =>
          z.boolean({ description: 'Stop following a branch' }).optional(),
      },
      output: {
        name: z => z.string({ description: 'Name of the sandbox' }),
        portalUrl: z =>
          z.string({ description: 'The sandbox page in the portal' }),
        changed: z =>
          z.array(z.string(), {
            description:
              'The fields the change sets (size, images, parameters, …); empty when there was nothing to change',
          }),
      },
    },
    async handler(ctx) {
      const { name } = ctx.input;
      const credentials = await ctx.getInitiatorCredentials();
      const [sandbox, templates] = await Promise.all([
        sandboxes.getSandbox(name, { credentials }).catch(error => {
          throw explainSandboxesError(error, `read sandbox "${name}"`);
        }),
        sandboxes.listTemplates({ credentials }).catch(error => {
          throw explainSandboxesError(error, 'list the sandbox templates');
        }),
      ]);
      const template = templates.items.find(
        t => t.name === sandbox.template && t.cluster === sandbox.cluster,
      );
      const request = checkUpdateInput(ctx.input, sandbox, template);
      const changed = Object.keys(request);
      ctx.output('name', name);
      ctx.output('portalUrl', sandboxPageUrl(appBaseUrl, name));
      ctx.output('changed', changed);
      if (changed.length === 0) {
        ctx.logger.info(`Nothing to change in sandbox ${name}`);
        return;
      }
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: the change is valid; sandbox ${name} would change ${changed.join(
            ', ',
          )}`,
        );
        return;
      }
      // A PATCH to the same values is a no-op in the backend, so a task
      // resumed after a restart may send it again.
      await sandboxes
        .updateSandbox(name, request, { credentials })
        .catch(error => {
          throw explainSandboxesError(error, `change sandbox "${name}"`);
        });
      ctx.logger.info(`Changed ${changed.join(', ')} of sandbox ${name}`);
    },
  });
}
