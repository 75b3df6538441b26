import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createPublishLocalAction } from './createPublishLocalAction';

describe('sandbox:publish-local', () => {
  const workspace = createMockDirectory();
  const repositories = createMockDirectory();

  beforeEach(() => {
    workspace.setContent({
      'catalog-info.yaml': 'kind: Component\n',
      'src/index.js': 'console.log("hello");\n',
    });
    repositories.clear();
  });

  function run(input: { repoName: string }, isDryRun = false) {
    const action = createPublishLocalAction({
      repositoriesDirectory: repositories.path,
    });
    const ctx = {
      ...createMockActionContext({ input, workspacePath: workspace.path }),
      isDryRun,
    };
    return { ctx, done: action.handler(ctx) };
  }

  it('publishes the workspace as a git repository with one commit', async () => {
    const { ctx, done } = run({ repoName: 'my-service' });
    await done;

    const target = path.join(repositories.path, 'my-service');
    expect(fs.readFileSync(path.join(target, 'src/index.js'), 'utf8')).toBe(
      'console.log("hello");\n',
    );
    const log = execFileSync('git', ['log', '--format=%s', 'main'], {
      cwd: target,
      encoding: 'utf8',
    });
    expect(log.trim()).toBe('Initial commit from the Backstage scaffolder');
    const files = execFileSync('git', ['ls-files'], {
      cwd: target,
      encoding: 'utf8',
    });
    expect(files.trim().split('\n')).toEqual([
      'catalog-info.yaml',
      'src/index.js',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('remoteUrl', `file://${target}`);
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoPath',
      path.join(target, 'catalog-info.yaml'),
    );
  });

  it('refuses to overwrite a repository that already exists', async () => {
    await run({ repoName: 'my-service' }).done;

    await expect(run({ repoName: 'my-service' }).done).rejects.toThrow(
      /A repository named my-service already exists/,
    );
  });

  it('refuses a name that could leave the repositories directory', async () => {
    await expect(run({ repoName: '../escape' }).done).rejects.toThrow(
      'Repository name "../escape" must consist of lower case letters, digits and "-"',
    );
  });

  it('writes nothing in a dry run', async () => {
    await run({ repoName: 'my-service' }, true).done;

    expect(fs.existsSync(path.join(repositories.path, 'my-service'))).toBe(
      false,
    );
  });
});
