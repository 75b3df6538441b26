import type { Entity } from '@backstage/catalog-model';
import type { ListSandboxesResponse } from '@internal/plugin-sandboxes-common';
import { expect } from './expect';
import { E2eTest } from './harness';
import { PortalApi, waitUntil } from './portalApi';

const DISPLAY_NAME = 'E2E from the scaffolder';
/** The template waits for Ready itself (waitForReady: true). */
const TASK_TIMEOUT_MS = 90_000;
/** The catalog module lists sandboxes as Resources on its own schedule. */
const CATALOG_TIMEOUT_MS = 30_000;

interface ScaffolderTask {
  id: string;
  status: 'open' | 'processing' | 'completed' | 'failed' | 'cancelled';
}

interface TaskEvent {
  type: 'log' | 'completion' | 'cancelled' | 'recovered';
  body: { message?: string; output?: { links?: Array<{ url?: string }> } };
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

      const { id } = await api.send<{ id: string }>(
        'POST',
        '/api/scaffolder/v2/tasks',
        {
          templateRef: 'template:default/start-a-sandbox',
          values: {
            entityRef: 'component:default/payments-api',
            template: 'payments-api',
            displayName: DISPLAY_NAME,
            size: 'small',
            ttlMinutes: 60,
          },
        },
      );
      const task = await waitUntil(
        `task ${id} to end`,
        TASK_TIMEOUT_MS,
        async () => {
          const t = await api.get<ScaffolderTask>(
            `/api/scaffolder/v2/tasks/${id}`,
          );
          return t && !['open', 'processing'].includes(t.status)
            ? t
            : undefined;
        },
      );
      const events =
        (await api.get<TaskEvent[]>(`/api/scaffolder/v2/tasks/${id}/events`)) ??
        [];
      if (task.status !== 'completed') {
        const log = events
          .filter(e => e.type === 'log')
          .map(e => e.body.message)
          .join('\n');
        throw new Error(`Task ${id} ended ${task.status}:\n${log}`);
      }

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

        // The catalog knows it as a Resource of type sandbox.
        const resource = await waitUntil(
          `Resource ${sandbox.name} in the catalog`,
          CATALOG_TIMEOUT_MS,
          () =>
            api.get<Entity>(
              `/api/catalog/entities/by-name/resource/default/${sandbox.name}`,
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
];
