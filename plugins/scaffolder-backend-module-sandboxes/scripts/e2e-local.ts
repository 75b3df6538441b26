/**
 * End-to-end run of the "Start a sandbox" template against the real parts,
 * in this process: kube-sim, the sandbox operator, and one backend with the
 * auth (guest), catalog, scaffolder, permission and sandboxes plugins plus
 * this module and the catalog module. It signs in as the guest user, starts
 * the template through the scaffolder's HTTP API, waits for the task, checks
 * the sandbox's Resource in the catalog, deletes the sandbox and waits for
 * the Resource to go. Prints what it sees and the figures; exits 1 when the
 * task does not complete with a Ready sandbox.
 *
 *   cd plugins/scaffolder-backend-module-sandboxes
 *   node --require @backstage/cli/config/nodeTransform.cjs scripts/e2e-local.ts
 *
 * Environment: E2E_BACKEND_PORT (default 17007), E2E_TASK_TIMEOUT_SECONDS
 * (default 120), E2E_KUBELET_DELAY_MS (default 500).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startKubeSim } from '@internal/kube-sim';
import { installCrds, startOperator } from '@internal/sandbox-operator';

const port = Number(process.env.E2E_BACKEND_PORT ?? 17007);
const taskTimeoutMs =
  Number(process.env.E2E_TASK_TIMEOUT_SECONDS ?? 120) * 1000;
const templatesDir = resolve(__dirname, '../../../examples/templates');

type Json = Record<string, any>;

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);

async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(250);
  }
}

function writeConfig(dir: string, kubeSimUrl: string): string {
  const config = {
    app: { baseUrl: 'http://localhost:3000' },
    backend: {
      baseUrl: `http://localhost:${port}`,
      listen: { port },
      database: { client: 'better-sqlite3', connection: ':memory:' },
    },
    auth: {
      providers: {
        guest: {
          userEntityRef: 'user:default/guest',
          dangerouslyAllowOutsideDevelopment: true,
        },
      },
    },
    catalog: {
      rules: [{ allow: ['Component', 'Resource', 'Location', 'Template'] }],
      locations: [
        {
          type: 'file',
          target: join(templatesDir, 'start-a-sandbox/template.yaml'),
        },
      ],
    },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'local',
              url: kubeSimUrl,
              authProvider: 'serviceAccount',
              serviceAccountToken: 'kube-sim-local',
              skipTLSVerify: true,
            },
          ],
        },
      ],
    },
  };
  const path = join(dir, 'app-config.e2e.json');
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

async function startBackend(configPath: string) {
  // Keep the backend's request logs out of what this script prints.
  process.env.LOG_LEVEL ??= 'warn';
  // backend-defaults reads its configuration from --config arguments.
  process.argv.push('--config', configPath);
  const { createBackend } = await import('@backstage/backend-defaults');
  const backend = createBackend();
  backend.add(import('@backstage/plugin-auth-backend'));
  backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(
    import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
  );
  backend.add(import('@backstage/plugin-scaffolder-backend'));
  backend.add(import('@backstage/plugin-permission-backend'));
  backend.add(
    import('@backstage/plugin-permission-backend-module-allow-all-policy'),
  );
  backend.add(import('@internal/plugin-sandboxes-backend'));
  backend.add(import('@internal/plugin-catalog-backend-module-sandboxes'));
  backend.add(import('../src'));
  await backend.start();
  return backend;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sandboxes-e2e-'));
  const kubeSim = await startKubeSim({
    port: 0,
    kubeletDelayMs: Number(process.env.E2E_KUBELET_DELAY_MS ?? 500),
  });
  await installCrds(kubeSim.kubeConfig());
  const operator = await startOperator({
    kubeConfig: kubeSim.kubeConfig(),
    metricsPort: 0,
  });
  const backend = await startBackend(writeConfig(dir, kubeSim.url));
  const api = `http://localhost:${port}/api`;
  let ok = false;

  try {
    const guest = await (
      await fetch(`${api}/auth/guest/refresh`, {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      })
    ).json();
    const headers = {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${guest.backstageIdentity.token}`,
    };
    const get = async (path: string): Promise<Json | undefined> => {
      const response = await fetch(`${api}${path}`, { headers });
      return response.ok ? response.json() : undefined;
    };

    await waitFor('the template in the catalog', 60_000, () =>
      get('/catalog/entities/by-name/template/default/start-a-sandbox'),
    );
    await waitFor('the demo sandbox template', 60_000, async () => {
      const templates = await get('/sandboxes/templates');
      return templates?.items.length ? templates : undefined;
    });

    const started = Date.now();
    const created = await fetch(`${api}/scaffolder/v2/tasks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        templateRef: 'template:default/start-a-sandbox',
        values: {
          entityRef: 'component:default/payments-api',
          template: 'payments-api',
          displayName: 'End-to-end check',
          size: 'small',
          ttlMinutes: 60,
        },
      }),
    });
    const { id } = (await created.json()) as { id: string };
    console.log(`Task ${id} created (HTTP ${created.status})`);

    const inCatalog = waitFor('the Resource in the catalog', 60_000, () =>
      get(
        '/catalog/entities/by-query?filter=kind=resource,spec.type=sandbox',
      ).then(r => (r?.items.length ? seconds(started) : undefined)),
    );

    const task = await waitFor('the task', taskTimeoutMs, async () => {
      const t = await get(`/scaffolder/v2/tasks/${id}`);
      return t && ['completed', 'failed', 'cancelled'].includes(t.status)
        ? t
        : undefined;
    }).catch(() => ({ status: 'still running' }));
    const taskSeconds = seconds(started);
    const events = ((await get(`/scaffolder/v2/tasks/${id}/events`)) ??
      []) as unknown as Json[];
    for (const event of events.filter(e => e.type === 'log')) {
      console.log(`  [task] ${event.body.message}`);
    }
    const output = events.find(e => e.type === 'completion')?.body?.output;
    console.log(`Task ${task.status} after ${taskSeconds} s`);
    console.log(`Output: ${JSON.stringify(output)}`);

    const mine = (await get('/sandboxes/sandboxes?owner=me'))!.items as Json[];
    for (const s of mine) {
      console.log(
        `Sandbox ${s.name}: ${s.phase}, owner ${s.owner}, ${s.url ?? 'no URL'}`,
      );
      for (const c of s.conditions) {
        console.log(`  ${c.type}=${c.status} ${c.reason}: ${c.message}`);
      }
    }
    const appearedAfter = await inCatalog;
    const name = mine[0].name as string;
    const entity = (await get(
      `/catalog/entities/by-name/resource/default/${name}`,
    ))!;
    console.log(
      `Catalog Resource: owner ${entity.spec.owner}, dependencyOf ${entity.spec.dependencyOf}, namespace ${entity.metadata.annotations['backstage.io/kubernetes-namespace']}`,
    );

    const deleteStarted = Date.now();
    await fetch(`${api}/sandboxes/sandboxes/${name}`, {
      method: 'DELETE',
      headers,
    });
    const goneAfter = await waitFor('the Resource to go', 60_000, async () =>
      (await get(`/catalog/entities/by-name/resource/default/${name}`))
        ? undefined
        : seconds(deleteStarted),
    );

    console.log('\nFigures');
    console.log(
      `  task created -> completed: ${taskSeconds} s (${task.status})`,
    );
    console.log(
      `  task created -> Resource in the catalog: ${appearedAfter} s`,
    );
    console.log(`  sandbox deleted -> Resource gone: ${goneAfter} s`);
    ok = task.status === 'completed' && mine[0].phase === 'Ready';
  } finally {
    await backend.stop();
    await operator.stop();
    await kubeSim.stop();
  }
  process.exit(ok ? 0 : 1);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
