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
 * Environment: E2E_BACKEND_PORT (default: a free port), E2E_TASK_TIMEOUT_SECONDS
 * (default 120), E2E_KUBELET_DELAY_MS (default 500).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { startKubeSim } from '@sandboxkit/kube-sim';
import { installCrds, startOperator } from '@sandboxkit/sandbox-operator';

const taskTimeoutMs =
  Number(process.env.E2E_TASK_TIMEOUT_SECONDS ?? 120) * 1000;
const templatesDir = resolve(__dirname, '../../../examples/templates');

type Json = Record<string, any>;

/** A port nothing listens on now (E2E_BACKEND_PORT overrides). */
async function freePort(): Promise<number> {
  if (process.env.E2E_BACKEND_PORT) return Number(process.env.E2E_BACKEND_PORT);
  const server = createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise(r => server.close(r));
  return port;
}

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

function writeConfig(dir: string, kubeSimUrl: string, port: number): string {
  const repositories = join(dir, 'repositories');
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
    scaffolder: { sandboxes: { localRepositoriesDirectory: repositories } },
    catalog: {
      // Short, so a repository published by sandbox:publish-local shows up
      // in seconds through the glob location below.
      processingInterval: { seconds: 3 },
      rules: [{ allow: ['Component', 'Resource', 'Location', 'Template'] }],
      locations: [
        {
          type: 'file',
          target: join(templatesDir, 'start-a-sandbox/template.yaml'),
        },
        {
          type: 'file',
          target: join(templatesDir, 'new-service-with-sandbox/template.yaml'),
        },
        { type: 'file', target: join(repositories, '*/catalog-info.yaml') },
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
  backend.add(import('@sandboxkit/backstage-plugin-sandboxes-backend'));
  backend.add(
    import('@sandboxkit/backstage-plugin-catalog-backend-module-sandboxes'),
  );
  backend.add(import('../src'));
  await backend.start();
  return backend;
}

/** The portal's HTTP API as the signed-in guest user. */
class Portal {
  static async signIn(api: string): Promise<Portal> {
    const response = await fetch(`${api}/auth/guest/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    const { backstageIdentity } = await response.json();
    return new Portal(api, backstageIdentity.token);
  }

  private constructor(readonly api: string, readonly token: string) {}

  async get(path: string): Promise<Json | undefined> {
    const response = await fetch(`${this.api}${path}`, {
      headers: { Authorization: `Bearer ${this.token}` },
    });
    return response.ok ? response.json() : undefined;
  }

  async send(method: string, path: string, body?: unknown) {
    return fetch(`${this.api}${path}`, {
      method,
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${this.token}`,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** Runs a template as a scaffolder task and waits for it to end. */
  async runTemplate(name: string, values: Json) {
    const started = Date.now();
    const response = await this.send('POST', '/scaffolder/v2/tasks', {
      templateRef: `template:default/${name}`,
      values,
    });
    const { id } = (await response.json()) as { id: string };
    const task = await waitFor(`task ${id}`, taskTimeoutMs, async () => {
      const t = await this.get(`/scaffolder/v2/tasks/${id}`);
      return t && ['completed', 'failed', 'cancelled'].includes(t.status)
        ? t
        : undefined;
    }).catch(() => ({ status: 'still running' }));
    const taskSeconds = seconds(started);
    const events = ((await this.get(`/scaffolder/v2/tasks/${id}/events`)) ??
      []) as unknown as Json[];
    for (const event of events.filter(e => e.type === 'log')) {
      console.log(`  [task] ${event.body.message}`);
    }
    const output = events.find(e => e.type === 'completion')?.body?.output;
    console.log(`Template ${name}: task ${task.status} after ${taskSeconds} s`);
    console.log(`  output links: ${JSON.stringify(output?.links)}`);
    return { status: task.status as string, seconds: taskSeconds, started };
  }

  async sandboxFor(entityRef: string): Promise<Json> {
    const list = await this.get(
      `/sandboxes/sandboxes?owner=me&entityRef=${encodeURIComponent(
        entityRef,
      )}`,
    );
    const sandbox = list!.items[0];
    console.log(
      `  sandbox ${sandbox.name}: ${sandbox.phase}, owner ${sandbox.owner}, ${
        sandbox.url ?? 'no URL'
      }`,
    );
    for (const c of sandbox.conditions) {
      console.log(`    ${c.type}=${c.status} ${c.reason}: ${c.message}`);
    }
    return sandbox;
  }
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
  const port = await freePort();
  const backend = await startBackend(writeConfig(dir, kubeSim.url, port));
  const figures: string[] = [];
  const failures: string[] = [];

  try {
    const portal = await Portal.signIn(`http://localhost:${port}/api`);
    for (const template of ['start-a-sandbox', 'new-service-with-sandbox']) {
      await waitFor(`template ${template} in the catalog`, 60_000, () =>
        portal.get(`/catalog/entities/by-name/template/default/${template}`),
      );
    }
    await waitFor('the demo sandbox template', 60_000, async () => {
      const templates = await portal.get('/sandboxes/templates');
      return templates?.items.length ? templates : undefined;
    });

    // 1. "Start a sandbox" for the demo component.
    const first = await portal.runTemplate('start-a-sandbox', {
      entityRef: 'component:default/payments-api',
      template: 'payments-api',
      displayName: 'End-to-end check',
      size: 'small',
      ttlMinutes: 60,
    });
    const sandbox = await portal.sandboxFor('component:default/payments-api');
    const inCatalogAfter = await waitFor('the Resource', 60_000, async () =>
      (await portal.get(
        `/catalog/entities/by-name/resource/default/${sandbox.name}`,
      ))
        ? seconds(first.started)
        : undefined,
    );
    const entity = (await portal.get(
      `/catalog/entities/by-name/resource/default/${sandbox.name}`,
    ))!;
    console.log(
      `  catalog Resource: owner ${entity.spec.owner}, dependencyOf ${entity.spec.dependencyOf}, namespace ${entity.metadata.annotations['backstage.io/kubernetes-namespace']}`,
    );
    const deleteStarted = Date.now();
    await portal.send('DELETE', `/sandboxes/sandboxes/${sandbox.name}`);
    const goneAfter = await waitFor('the Resource to go', 60_000, async () =>
      (await portal.get(
        `/catalog/entities/by-name/resource/default/${sandbox.name}`,
      ))
        ? undefined
        : seconds(deleteStarted),
    );
    figures.push(
      `start-a-sandbox: task created -> completed with a Ready sandbox: ${first.seconds} s (${first.status})`,
      `start-a-sandbox: task created -> sandbox Resource in the catalog: ${inCatalogAfter} s`,
      `sandbox deleted -> Resource gone from the catalog: ${goneAfter} s`,
    );
    if (first.status !== 'completed' || sandbox.phase !== 'Ready') {
      failures.push('start-a-sandbox did not end with a Ready sandbox');
    }

    // 2. "New service with its first sandbox".
    const second = await portal.runTemplate('new-service-with-sandbox', {
      name: 'refunds-api',
      description: 'Refunds for the payments platform',
      owner: 'group:default/payments-team',
      sandboxTemplate: 'payments-api',
      size: 'small',
      ttlMinutes: 60,
    });
    const serviceSandbox = await portal.sandboxFor(
      'component:default/refunds-api',
    );
    const componentAfter = await waitFor(
      'the new component in the catalog',
      60_000,
      async () =>
        (await portal.get(
          '/catalog/entities/by-name/component/default/refunds-api',
        ))
          ? seconds(second.started)
          : undefined,
    ).catch(() => 'not within 60');
    figures.push(
      `new-service-with-sandbox: task created -> completed with a Ready sandbox: ${second.seconds} s (${second.status})`,
      `new-service-with-sandbox: task created -> component in the catalog: ${componentAfter} s`,
    );
    if (second.status !== 'completed' || serviceSandbox.phase !== 'Ready') {
      failures.push(
        'new-service-with-sandbox did not end with a Ready sandbox',
      );
    }
  } finally {
    await backend.stop();
    await operator.stop();
    await kubeSim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('\nFigures');
  for (const figure of figures) console.log(`  ${figure}`);
  for (const failure of failures) console.log(`FAILED: ${failure}`);
  process.exit(failures.length === 0 ? 0 : 1);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
