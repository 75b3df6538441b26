/**
 * Cost of one refresh of the sandboxes entity provider at fleet sizes:
 * reading every page from an in-memory list (no HTTP), mapping to entities,
 * the change check, and the mutation handed to the catalog. Prints wall time
 * per refresh and the heap it needs.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs scripts/bench-provider.ts
 */
import { mockServices } from '@backstage/backend-test-utils';
import { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import { aSandbox, InMemorySandboxList } from '../src/__testUtils__/sandboxes';
import { SandboxesEntityProvider } from '../src/SandboxesEntityProvider';

async function bench(count: number) {
  const list = new InMemorySandboxList();
  list.sandboxes = Array.from({ length: count }, (_, i) =>
    aSandbox({ name: `sandbox-${i}`, namespace: `sandbox-sandbox-${i}` }),
  );
  let mutations = 0;
  const provider = new SandboxesEntityProvider({
    sandboxes: list,
    auth: mockServices.auth({ pluginId: 'catalog' }),
    scheduler: mockServices.scheduler(),
    logger: mockServices.rootLogger({ level: 'warn' }),
    appBaseUrl: 'http://localhost:3000',
  });
  await provider.connect({
    applyMutation: async (_m: EntityProviderMutation) => {
      mutations += 1;
    },
    refresh: async () => {},
  });

  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let started = process.hrtime.bigint();
  await provider.refresh();
  const changedMs = Number(process.hrtime.bigint() - started) / 1e6;
  const heapAfter = process.memoryUsage().heapUsed;

  started = process.hrtime.bigint();
  await provider.refresh();
  const unchangedMs = Number(process.hrtime.bigint() - started) / 1e6;

  console.log(
    `${String(count).padStart(
      6,
    )} sandboxes: refresh with changes ${changedMs.toFixed(
      0,
    )} ms, unchanged ${unchangedMs.toFixed(
      0,
    )} ms (mutations applied: ${mutations}), heap +${(
      (heapAfter - heapBefore) /
      1024 /
      1024
    ).toFixed(0)} MB`,
  );
}

async function main() {
  for (const count of [100, 1000, 10000]) {
    await bench(count);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
