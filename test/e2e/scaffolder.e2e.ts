import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import {
  DEFAULT_SANDBOX_CATALOG_NAMESPACE,
  type ListSandboxesResponse,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { expect } from './expect';
import { E2eTest } from './harness';
import { PortalApi, waitUntil } from './portalApi';

const DISPLAY_NAME = 'E2E from the scaffolder';
/** The template waits for Ready itself (waitForReady: true). */
const TASK_TIMEOUT_MS = 90_000;
/** The catalog module lists sandboxes as Resources on its own schedule. */
const CATALOG_TIMEOUT_MS = 30_000;
/** The new service's repository name, and so its component's name. */
const SERVICE_NAME = 'e2e-refunds-api';

interface ScaffolderTask {
  id: string;
  status: 'open' | 'processing' | 'completed' | 'failed' | 'cancelled';
}

interface TaskEvent {
  type: 'log' | 'completion' | 'cancelled' | 'recovered';
  body: { message?: string; output?: { links?: Array<{ url?: string }> } };
}

/** Runs a template as the guest and waits for its task to end completed. */
async function runTemplate(
  api: PortalApi,
  templateRef: string,
  values: Record<string, unknown>,
): Promise<TaskEvent[]> {
  const { id } = await api.send<{ id: string }>(
    'POST',
    '/api/scaffolder/v2/tasks',
    { templateRef, values },
  );
  const task = await waitUntil(
    `task ${id} to end`,
    TASK_TIMEOUT_MS,
    async () => {
      const t = await api.get<ScaffolderTask>(`/api/scaffolder/v2/tasks/${id}`);
      return t && !['open', 'processing'].includes(t.status) ? t : undefined;
    },
  );
  const events =
    (await api.get<TaskEvent[]>(`/api/scaffolder/v2/tasks/${id}/events`)) ?? [];
  if (task.status !== 'completed') {
    const log = events
      .filter(e => e.type === 'log')
      .map(e => e.body.message)
      .join('\n');
    throw new Error(`Task ${id} ended ${task.status}:\n${log}`);
  }
  return events;
}

/**
 * "Start a sandbox" through the scaffolder's HTTP API as the guest user
 * (no browser): the task completes with a Ready sandbox, which then shows
 * up in the catalog as a Resource of type sandbox.
 */
export const scaffolderTests: E2eTest[] = [
  {
    name: 'the "Start a sandbox" template run through the scaffolder API ends with a Ready sandbox in the catalog',
    async run({ stack }) {
      const api = await PortalApi.signInAsGuest(stack.backendUrl);
      await waitUntil('the template in the catalog', 60_000, () =>
        api.get<Entity>(
          '/api/catalog/entities/by-name/template/default/start-a-sandbox',
        ),
      );

      const events = await runTemplate(
        api,
        'template:default/start-a-sandbox',
        {
          entityRef: 'component:default/payments-api',
          template: 'payments-api',
          displayName: DISPLAY_NAME,
          size: 'small',
          ttlMinutes: 60,
        },
      );

      // The sandbox it started is Ready, the guest's, for the component.
      const list = await api.get<ListSandboxesResponse>(
        '/api/sandboxes/sandboxes?owner=me&entityRef=component%3Adefault%2Fpayments-api',
      );
      const sandbox = list?.items.find(s => s.displayName === DISPLAY_NAME);
      if (!sandbox) throw new Error('The task left no sandbox in the API');
      try {
        expect(sandbox.phase, 'sandbox phase').toContain('Ready');
        expect(sandbox.owner, 'owner').toContain('user:default/guest');
        const output = events.find(e => e.type === 'completion')?.body.output;
        const outputUrls = (output?.links ?? []).map(l => l.url).join(' ');
        expect(outputUrls, 'task output links').toContain(
          `/sandboxes/${sandbox.name}`,
        );

        // The catalog knows it as a Resource of type sandbox, in the catalog
        // namespace of sandboxes (the plugin default; app-config.yaml does not change it).
        const resource = await waitUntil(
          `Resource ${sandbox.name} in the catalog`,
          CATALOG_TIMEOUT_MS,
          () =>
            api.get<Entity>(
              `/api/catalog/entities/by-name/resource/${DEFAULT_SANDBOX_CATALOG_NAMESPACE}/${sandbox.name}`,
            ),
          500,
        );
        expect(String(resource.spec?.type), 'Resource spec.type').toContain(
          'sandbox',
        );
      } finally {
        await api.deleteSandbox(sandbox.name);
      }
    },
  },
  {
    name: 'the "New service with its first sandbox" template run through the scaffolder API leaves a one-commit repository, its Component in the catalog and a Ready sandbox',
    async run({ stack }) {
      const api = await PortalApi.signInAsGuest(stack.backendUrl);
      await waitUntil('the template in the catalog', 60_000, () =>
        api.get<Entity>(
          '/api/catalog/entities/by-name/template/default/new-service-with-sandbox',
        ),
      );
      const entityRef = `component:default/${SERVICE_NAME}`;

      const events = await runTemplate(
        api,
        'template:default/new-service-with-sandbox',
        {
          name: SERVICE_NAME,
          description: 'Refunds for the payments platform',
          owner: 'group:default/payments-team',
          sandboxTemplate: 'payments-api',
          size: 'small',
          ttlMinutes: 60,
        },
      );
      const list = await api.get<ListSandboxesResponse>(
        `/api/sandboxes/sandboxes?owner=me&entityRef=${encodeURIComponent(
          entityRef,
        )}`,
      );
      const sandbox = list?.items[0];
      if (!sandbox) {
        throw new Error(`The task left no sandbox for ${entityRef}`);
      }
      try {
        expect(sandbox.phase, 'sandbox phase').toContain('Ready');
        expect(sandbox.owner, 'owner').toContain('user:default/guest');

        // The repository is where the stack's config puts local
        // repositories, with the one commit the publisher makes.
        const repository = join(stack.stateDir, 'repositories', SERVICE_NAME);
        if (!existsSync(join(repository, '.git'))) {
          throw new Error(`No git repository at ${repository}`);
        }
        const git = (...args: string[]) =>
          execFileSync('git', ['-C', repository, ...args], {
            encoding: 'utf8',
          }).trim();
        expect(git('rev-list', '--count', 'HEAD'), 'commits').toMatch(/^1$/);
        expect(git('ls-files'), 'committed files').toContain(
          'catalog-info.yaml',
        );
        expect(git('status', '--porcelain'), 'uncommitted files').toMatch(/^$/);
        const output = events.find(e => e.type === 'completion')?.body.output;
        const outputUrls = (output?.links ?? []).map(l => l.url).join(' ');
        expect(outputUrls, 'task output links').toContain(
          `file://${repository}`,
        );
        expect(outputUrls, 'task output links').toContain(
          `/sandboxes/${sandbox.name}`,
        );

        // The template has no catalog:register step: the stack's `file`
        // location with a glob over the repositories folder finds the new
        // catalog-info.yaml when the catalog next processes that Location,
        // every 100-150 s by default. Until a first repository exists the
        // glob matches nothing, so that Location fails processing and is not
        // listed by the catalog API; it is still refreshable by its ref (the
        // name the catalog generates for a config location). Refreshing it
        // reads the new repository now instead of minutes later.
        const globTarget = join(
          stack.stateDir,
          'repositories/*/catalog-info.yaml',
        );
        const locationName = `generated-${createHash('sha1')
          .update(`file:${globTarget}`)
          .digest('hex')}`;
        await api.send('POST', '/api/catalog/refresh', {
          entityRef: `location:default/${locationName}`,
        });
        const component = await waitUntil(
          `${entityRef} in the catalog`,
          CATALOG_TIMEOUT_MS,
          () =>
            api.get<Entity>(
              `/api/catalog/entities/by-name/component/default/${SERVICE_NAME}`,
            ),
          500,
        );
        expect(String(component.spec?.owner), 'Component owner').toContain(
          'group:default/payments-team',
        );
        expect(
          String(component.metadata.annotations?.['sandboxkit.dev/template']),
          'Component sandbox template annotation',
        ).toContain('payments-api');
      } finally {
        await api.deleteSandbox(sandbox.name);
      }
    },
  },
];
