import { mockServices } from '@backstage/backend-test-utils';
import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { aSandbox, InMemorySandboxList } from './__testUtils__/sandboxes';
import { SandboxesEntityProvider } from './SandboxesEntityProvider';

/** The catalog side of the boundary: records every mutation it receives. */
class RecordingConnection implements EntityProviderConnection {
  readonly mutations: EntityProviderMutation[] = [];
  async applyMutation(mutation: EntityProviderMutation) {
    this.mutations.push(mutation);
  }
  async refresh() {}
  get lastNames(): string[] {
    const last = this.mutations[this.mutations.length - 1];
    if (!last || last.type !== 'full') {
      throw new Error('expected a full mutation');
    }
    return last.entities.map(e => e.entity.metadata.name);
  }
}

function setup(config: object = {}) {
  const list = new InMemorySandboxList();
  const scheduler = mockServices.scheduler();
  const logger = mockServices.logger.mock();
  const connection = new RecordingConnection();
  const provider = SandboxesEntityProvider.fromConfig(
    mockServices.rootConfig({
      data: { app: { baseUrl: 'http://localhost:3000' }, ...config },
    }),
    {
      sandboxes: list,
      auth: mockServices.auth({ pluginId: 'catalog' }),
      scheduler,
      logger,
    },
  );
  return { list, scheduler, logger, connection, provider };
}

describe('SandboxesEntityProvider', () => {
  it('publishes every sandbox, read page by page with the catalog service credentials, as one full mutation', async () => {
    const { list, scheduler, connection, provider } = setup();
    list.sandboxes = Array.from({ length: 1100 }, (_, i) =>
      aSandbox({ name: `sandbox-${String(i).padStart(4, '0')}` }),
    );

    await provider.connect(connection);
    await scheduler.triggerTask(provider.taskId);

    expect(list.calls.map(c => c.cursor)).toEqual([undefined, '500', '1000']);
    expect(list.calls[0].principal).toEqual({
      type: 'service',
      subject: 'plugin:catalog',
    });
    expect(connection.mutations).toHaveLength(1);
    expect(connection.lastNames).toHaveLength(1100);
    const first = connection.mutations[0];
    expect(first.type === 'full' && first.entities[0]).toMatchObject({
      locationKey: 'sandboxes:sandbox-0000',
      entity: { kind: 'Resource', spec: { type: 'sandbox' } },
    });
  });

  it('removes a deleted sandbox and adds a new one on the next run', async () => {
    const { list, scheduler, connection, provider } = setup();
    list.sandboxes = [aSandbox({ name: 'a' }), aSandbox({ name: 'b' })];
    await provider.connect(connection);
    await scheduler.triggerTask(provider.taskId);

    list.sandboxes = [aSandbox({ name: 'b' }), aSandbox({ name: 'c' })];
    await scheduler.triggerTask(provider.taskId);

    expect(connection.mutations).toHaveLength(2);
    expect(connection.lastNames).toEqual(['b', 'c']);
  });

  it('republishes a sandbox whose state changed, and skips the mutation when nothing did', async () => {
    const { list, scheduler, connection, provider } = setup();
    list.sandboxes = [aSandbox({ name: 'a', phase: 'Provisioning' })];
    await provider.connect(connection);

    await scheduler.triggerTask(provider.taskId);
    await scheduler.triggerTask(provider.taskId);
    expect(connection.mutations).toHaveLength(1);

    list.sandboxes = [aSandbox({ name: 'a', phase: 'Ready' })];
    await scheduler.triggerTask(provider.taskId);
    expect(connection.mutations).toHaveLength(2);
  });

  it('keeps the published entities when the sandboxes backend cannot be read', async () => {
    const { list, scheduler, logger, connection, provider } = setup();
    list.sandboxes = [aSandbox({ name: 'a' })];
    await provider.connect(connection);
    await scheduler.triggerTask(provider.taskId);

    list.failWith = new Error('connect ECONNREFUSED 127.0.0.1:7007');
    await scheduler.triggerTask(provider.taskId);

    expect(connection.mutations).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('keeping the previous ones'),
    );
  });

  it('leaves out a sandbox whose name the catalog would reject, and says so', async () => {
    const { list, scheduler, logger, connection, provider } = setup();
    list.sandboxes = [
      aSandbox({ name: 'a' }),
      aSandbox({ name: 'x'.repeat(70) }),
    ];
    await provider.connect(connection);
    await scheduler.triggerTask(provider.taskId);

    expect(connection.lastNames).toEqual(['a']);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('not a valid entity name'),
    );
  });

  it('runs on every replica every 10 seconds by default, or on the configured schedule', async () => {
    const byDefault = setup();
    const scheduleTask = jest.spyOn(byDefault.scheduler, 'scheduleTask');
    await byDefault.provider.connect(byDefault.connection);
    expect(scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'sandboxes:refresh',
        scope: 'local',
        frequency: { seconds: 10 },
      }),
    );

    const configured = setup({
      catalog: {
        providers: {
          sandboxes: {
            schedule: { frequency: { seconds: 30 }, timeout: { minutes: 1 } },
          },
        },
      },
    });
    const configuredScheduleTask = jest.spyOn(
      configured.scheduler,
      'scheduleTask',
    );
    await configured.provider.connect(configured.connection);
    expect(configuredScheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        frequency: { seconds: 30 },
        timeout: { minutes: 1 },
      }),
    );
  });
});
