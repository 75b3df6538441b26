import fs from 'node:fs';
import path from 'node:path';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { sandboxesServiceRef } from '@sandboxkit/backstage-plugin-sandboxes-node';
import { parse } from 'yaml';
import {
  FakeSandboxesService,
  paymentsTemplate,
} from './__testUtils__/FakeSandboxesService';
import { scaffolderModuleSandboxes } from './module';

// Starting the scaffolder and catalog backends takes seconds on a busy
// machine; Jest's default 5 s budget for a hook made this fail under load.
jest.setTimeout(60_000);

/**
 * Runs the example templates in examples/templates through the real
 * scaffolder backend's dry-run API with this module installed: their forms
 * accept what a user would enter, every expression renders, every action
 * input passes its schema and the sandbox actions validate it against the
 * sandbox template.
 */
const templatesDir = path.resolve(__dirname, '../../../examples/templates');

function readTemplate(name: string) {
  return parse(
    fs.readFileSync(path.join(templatesDir, name, 'template.yaml'), 'utf8'),
  );
}

function directoryContents(name: string) {
  const root = path.join(templatesDir, name);
  const files: Array<{ path: string; base64Content: string }> = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else {
        files.push({
          path: path.relative(root, full),
          base64Content: fs.readFileSync(full).toString('base64'),
        });
      }
    }
  };
  walk(root);
  return files;
}

describe('example templates', () => {
  const repositories = createMockDirectory();
  let baseUrl: string;
  let stop: (() => Promise<void>) | undefined;
  const sandboxes = new FakeSandboxesService();
  sandboxes.templates = [
    {
      ...paymentsTemplate,
      parameters: [],
      sizes: ['small', 'medium', 'large'].map(name => ({
        name,
        components: {},
      })),
      ttl: { defaultMinutes: 60, maxMinutes: 240 },
    },
  ];

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleSandboxes,
        // The catalog holds the template the task runs from.
        catalogServiceMock.factory({
          entities: [readTemplate('start-a-sandbox')],
        }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            scaffolder: {
              sandboxes: { localRepositoriesDirectory: repositories.path },
            },
          },
        }),
        createServiceFactory({
          service: sandboxesServiceRef,
          deps: {},
          factory: () => sandboxes,
        }),
      ],
    });
    baseUrl = `http://localhost:${backend.server.port()}/api/scaffolder`;
    stop = () => backend.stop();
  });

  afterAll(async () => {
    await stop?.();
  });

  async function dryRun(name: string, values: Record<string, unknown>) {
    const response = await fetch(`${baseUrl}/v2/dry-run`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${mockCredentials.user.token(
          'user:default/jane',
        )}`,
      },
      body: JSON.stringify({
        template: readTemplate(name),
        values,
        directoryContents: directoryContents(name),
      }),
    });
    return { status: response.status, body: await response.json() };
  }

  it('"Start a sandbox" dry-runs with what a user fills in, and links the sandbox page', async () => {
    const { status, body } = await dryRun('start-a-sandbox', {
      entityRef: 'component:default/payments-api',
      template: 'payments-api',
      displayName: 'Demo for Acme',
      size: 'medium',
      ttlMinutes: 120,
    });

    expect(status).toBe(200);
    expect(body.steps.map((s: { id: string }) => s.id)).toEqual(['sandbox']);
    expect(body.output.links[0]).toEqual({
      title: "Your sandbox's page",
      icon: 'dashboard',
      url: 'http://localhost:3000/sandboxes/dry-run-sandbox',
    });
    expect(sandboxes.created).toEqual([]);
  });

  it('"Start a sandbox" reports a sandbox template that does not exist', async () => {
    const { status, body } = await dryRun('start-a-sandbox', {
      entityRef: 'component:default/payments-api',
      template: 'no-such-template',
      size: 'small',
      ttlMinutes: 60,
    });

    expect(status).toBe(400);
    expect(body.error).toEqual({
      name: 'InputError',
      message:
        'There is no sandbox template named "no-such-template". Available templates: payments-api.',
    });
  });

  it('"New service with its first sandbox" renders the skeleton and checks the publish and sandbox steps', async () => {
    const { status, body } = await dryRun('new-service-with-sandbox', {
      name: 'refunds-api',
      description: 'Refunds for the payments platform',
      owner: 'group:default/payments-team',
      sandboxTemplate: 'payments-api',
      size: 'small',
      ttlMinutes: 60,
    });

    expect(status).toBe(200);
    expect(body.steps.map((s: { id: string }) => s.id)).toEqual([
      'fetch',
      'publish',
      'sandbox',
    ]);
    const catalogInfo = body.directoryContents.find(
      (f: { path: string }) => f.path === 'catalog-info.yaml',
    );
    expect(
      parse(Buffer.from(catalogInfo.base64Content, 'base64').toString('utf8')),
    ).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'refunds-api',
        description: 'Refunds for the payments platform',
        annotations: { 'sandboxkit.dev/template': 'payments-api' },
      },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: 'group:default/payments-team',
      },
    });
    expect(body.output.links.map((l: { url: string }) => l.url)).toEqual([
      'http://localhost:3000/sandboxes/dry-run-sandbox',
      // No URL in a dry run: the portal leaves out a link without one.
      undefined,
      `file://${path.join(repositories.path, 'refunds-api')}`,
    ]);
    expect(fs.readdirSync(repositories.path)).toEqual([]);
  });

  it('"Start a sandbox" runs as a task for the signed-in user and ends with a Ready sandbox', async () => {
    sandboxes.phases = ['Pending', 'Provisioning', 'Ready'];
    const headers = {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${mockCredentials.user.token(
        'user:default/jane',
      )}`,
    };

    const created = await fetch(`${baseUrl}/v2/tasks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        templateRef: 'template:default/start-a-sandbox',
        values: {
          entityRef: 'component:default/payments-api',
          template: 'payments-api',
          size: 'small',
          ttlMinutes: 60,
        },
      }),
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();

    let task: { status: string } = { status: 'open' };
    for (
      let i = 0;
      i < 200 && !['completed', 'failed'].includes(task.status);
      i++
    ) {
      await new Promise(resolve => setTimeout(resolve, 50));
      task = await (
        await fetch(`${baseUrl}/v2/tasks/${id}`, { headers })
      ).json();
    }
    const events = await (
      await fetch(`${baseUrl}/v2/tasks/${id}/events`, { headers })
    ).json();
    const completion = events.find(
      (e: { type: string }) => e.type === 'completion',
    );

    expect(task.status).toBe('completed');
    expect(sandboxes.created).toHaveLength(1);
    const [sandbox] = [...sandboxes.sandboxes.values()];
    expect(sandbox.owner).toBe('user:default/jane');
    expect(sandbox.entityRef).toBe('component:default/payments-api');
    expect(completion.body.output.links).toEqual([
      {
        title: "Your sandbox's page",
        icon: 'dashboard',
        url: `http://localhost:3000/sandboxes/${sandbox.name}`,
      },
      {
        title: 'Open the sandbox',
        icon: 'web',
        url: `http://${sandbox.name}.sandboxes.localhost`,
      },
    ]);
  });
});
