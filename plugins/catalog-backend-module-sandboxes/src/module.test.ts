import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  EntityProvider,
  EntityProviderMutation,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import {
  SandboxesService,
  sandboxesServiceRef,
} from '@sandboxkit/backstage-plugin-sandboxes-node';
import { aSandbox, InMemorySandboxList } from './__testUtils__/sandboxes';
import { catalogModuleSandboxes } from './module';
import { SandboxesEntityProvider } from './SandboxesEntityProvider';

describe('catalogModuleSandboxes', () => {
  it('adds the sandboxes entity provider to the catalog, publishing through the sandboxes service', async () => {
    const providers: EntityProvider[] = [];
    const list = new InMemorySandboxList();
    list.sandboxes = [aSandbox({ name: 'demo-1' })];

    const backend = await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          {
            addEntityProvider: (...p: EntityProvider[]) =>
              providers.push(...p.flat()),
          },
        ],
      ],
      features: [
        catalogModuleSandboxes,
        mockServices.rootConfig.factory({
          data: { app: { baseUrl: 'http://portal.example' } },
        }),
        createServiceFactory({
          service: sandboxesServiceRef,
          deps: {},
          // The provider only lists; the other calls are never made.
          factory: () => list as unknown as SandboxesService,
        }),
      ],
    });

    expect(providers.map(p => p.getProviderName())).toEqual(['sandboxes']);
    const mutations: EntityProviderMutation[] = [];
    await providers[0].connect({
      applyMutation: async m => {
        mutations.push(m);
      },
      refresh: async () => {},
    });
    expect(providers[0]).toBeInstanceOf(SandboxesEntityProvider);
    await (providers[0] as SandboxesEntityProvider).refresh();

    expect(mutations).toHaveLength(1);
    const [mutation] = mutations;
    expect(mutation.type).toBe('full');
    const entities = mutation.type === 'full' ? mutation.entities : [];
    expect(entities.map(e => e.entity.metadata.name)).toEqual(['demo-1']);
    expect(entities[0].entity.metadata.links?.[0].url).toBe(
      'http://portal.example/sandboxes/demo-1',
    );
    await backend.stop();
  });
});
