import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import {
  createTemplateAction,
  executeShellCommand,
  getRepoSourceDirectory,
} from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import { isDns1123Label } from '@sandboxkit/backstage-plugin-sandboxes-common';
import path from 'node:path';

/** @public */
export interface PublishLocalActionOptions {
  /** The directory the repositories are created in. */
  repositoriesDirectory: string;
}

/**
 * `sandbox:publish-local`: publishes the workspace as a new git repository
 * in a local directory. For the local default and demos, where no git host
 * can be reached: the scaffolder has no built-in publisher to a local
 * target. A catalog `file` location with a glob over that directory
 * (`<dir>/*\/catalog-info.yaml`) brings the new components into the catalog.
 *
 * @public
 */
export function createPublishLocalAction(options: PublishLocalActionOptions) {
  const root = path.resolve(options.repositoriesDirectory);

  return createTemplateAction({
    id: 'sandbox:publish-local',
    description:
      'Publishes the workspace as a new git repository in a local directory (for offline use and demos; a git host publisher replaces it in production).',
    examples: [
      {
        description: 'Publish the templated skeleton as repository my-service',
        example: `steps:
  - id: publish
    name: Publish
    action: sandbox:publish-local
    input:
      repoName: my-service`,
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z
            .string({
              description:
                'Name of the repository directory: lower case letters, digits and "-"',
            })
            .refine(name => isDns1123Label(name)),
        sourcePath: z =>
          z
            .string({
              description:
                'Path inside the workspace to publish (default: the whole workspace)',
            })
            .optional(),
        defaultBranch: z =>
          z
            .string({ description: 'Name of the first branch (default main)' })
            .optional(),
      },
      output: {
        remoteUrl: z =>
          z.string({ description: 'file:// URL of the new repository' }),
        localPath: z =>
          z.string({ description: 'Directory of the new repository' }),
        catalogInfoPath: z =>
          z.string({
            description: 'Path of catalog-info.yaml in the new repository',
          }),
      },
    },
    async handler(ctx) {
      const { repoName } = ctx.input;
      if (!isDns1123Label(repoName)) {
        throw new InputError(
          `Repository name "${repoName}" must consist of lower case letters, digits and "-"`,
        );
      }
      const target = resolveSafeChildPath(root, repoName);
      if (await exists(target)) {
        throw new ConflictError(
          `A repository named ${repoName} already exists at ${target}; choose another name`,
        );
      }
      ctx.output('remoteUrl', `file://${target}`);
      ctx.output('localPath', target);
      ctx.output('catalogInfoPath', path.join(target, 'catalog-info.yaml'));
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would publish the workspace to ${target}`);
        return;
      }

      const source = getRepoSourceDirectory(
        ctx.workspacePath,
        ctx.input.sourcePath,
      );
      await fs.mkdir(root, { recursive: true });
      await fs.cp(source, target, { recursive: true, errorOnExist: true });
      const git = (...args: string[]) =>
        executeShellCommand({
          command: 'git',
          args,
          options: { cwd: target },
          logger: ctx.logger,
        });
      await git('init', '--quiet', '-b', ctx.input.defaultBranch ?? 'main');
      await git('add', '--all');
      await git(
        '-c',
        'user.name=Backstage Scaffolder',
        '-c',
        'user.email=scaffolder@backstage.local',
        'commit',
        '--quiet',
        '-m',
        'Initial commit from the Backstage scaffolder',
      );
      ctx.logger.info(`Published ${repoName} to ${target}`);
    },
  });
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
