import {
  AuthService,
  LoggerService,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { makeValidator } from '@backstage/catalog-model';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  DEFAULT_SANDBOX_CATALOG_NAMESPACE,
  Sandbox,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { SandboxesService } from '@sandboxkit/backstage-plugin-sandboxes-node';
import { sandboxLocation, sandboxToEntity } from './sandboxToEntity';

/** Every 10 s: creates and deletes show in the catalog within seconds. */
const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { seconds: 10 },
  timeout: { minutes: 2 },
};

const PAGE_SIZE = 500;

/** @public */
export interface SandboxesEntityProviderOptions {
  /** Only listing is needed. */
  sandboxes: Pick<SandboxesService, 'listSandboxes'>;
  auth: AuthService;
  scheduler: SchedulerService;
  logger: LoggerService;
  /** The portal's base URL, for the links to sandbox pages. */
  appBaseUrl: string;
  /** The catalog namespace of sandbox Resources; default "sandboxes". */
  namespace?: string;
  schedule?: SchedulerServiceTaskScheduleDefinition;
}

/**
 * Publishes every sandbox as a catalog `Resource` of type `sandbox`, with a
 * full mutation on a short schedule.
 *
 * Each backend replica runs its own refresh loop (local scope) and skips the
 * mutation when nothing changed since its own last one. With a global task the
 * replica that last ran could be a different one each time, and skipping on a
 * per-replica memory would then leave stale entities behind.
 *
 * @public
 */
export class SandboxesEntityProvider implements EntityProvider {
  readonly #options: SandboxesEntityProviderOptions;
  readonly #schedule: SchedulerServiceTaskScheduleDefinition;
  readonly #validator = makeValidator();
  #connection?: EntityProviderConnection;
  #lastApplied?: string;

  /**
   * Reads `catalog.providers.sandboxes.schedule`, `sandboxes.catalogNamespace`
   * and `app.baseUrl`.
   */
  static fromConfig(
    config: RootConfigService,
    options: Omit<
      SandboxesEntityProviderOptions,
      'appBaseUrl' | 'schedule' | 'namespace'
    >,
  ): SandboxesEntityProvider {
    const scheduleConfig = config.getOptionalConfig(
      'catalog.providers.sandboxes.schedule',
    );
    return new SandboxesEntityProvider({
      ...options,
      appBaseUrl: config.getString('app.baseUrl'),
      namespace: config.getOptionalString('sandboxes.catalogNamespace'),
      schedule: scheduleConfig
        ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
        : undefined,
    });
  }

  constructor(options: SandboxesEntityProviderOptions) {
    this.#options = options;
    this.#schedule = options.schedule ?? DEFAULT_SCHEDULE;
  }

  getProviderName(): string {
    return 'sandboxes';
  }

  get taskId(): string {
    return `${this.getProviderName()}:refresh`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
    await this.#options.scheduler.scheduleTask({
      id: this.taskId,
      ...this.#schedule,
      scope: 'local',
      fn: async () => {
        try {
          await this.refresh();
        } catch (error) {
          // Keep what the catalog has: an empty or partial mutation after a
          // failed read would delete sandboxes that still exist.
          this.#options.logger.warn(
            `Could not refresh sandbox entities, keeping the previous ones: ${error}`,
          );
        }
      },
    });
  }

  /** Reads every sandbox and replaces this provider's entities with them. */
  async refresh(): Promise<void> {
    if (!this.#connection) {
      throw new Error('SandboxesEntityProvider is not connected yet');
    }
    const sandboxes = await this.#readAllSandboxes();
    const entities = sandboxes
      .filter(sandbox => this.#isPublishable(sandbox))
      .map(
        (sandbox): DeferredEntity => ({
          entity: sandboxToEntity(sandbox, {
            appBaseUrl: this.#options.appBaseUrl,
            namespace:
              this.#options.namespace ?? DEFAULT_SANDBOX_CATALOG_NAMESPACE,
          }),
          locationKey: sandboxLocation(sandbox),
        }),
      );
    const fingerprint = JSON.stringify(entities);
    if (fingerprint === this.#lastApplied) {
      return;
    }
    await this.#connection.applyMutation({ type: 'full', entities });
    this.#lastApplied = fingerprint;
    this.#options.logger.debug(`Published ${entities.length} sandbox entities`);
  }

  async #readAllSandboxes(): Promise<Sandbox[]> {
    const credentials = await this.#options.auth.getOwnServiceCredentials();
    const all: Sandbox[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.#options.sandboxes.listSandboxes(
        { limit: PAGE_SIZE, cursor, sort: 'name', order: 'asc' },
        { credentials },
      );
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  #isPublishable(sandbox: Sandbox): boolean {
    if (this.#validator.isValidEntityName(sandbox.name)) {
      return true;
    }
    this.#options.logger.warn(
      `Sandbox ${sandbox.name} is not published to the catalog: its name is not a valid entity name`,
    );
    return false;
  }
}
