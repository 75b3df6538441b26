import {
  AuditorService,
  BackstageCredentials,
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { SignalsService } from '@backstage/plugin-signals-node';
import { BuildService, EntityRepositoryLookup } from './builds/BuildService';
import { DatabaseBuildStore } from './builds/DatabaseBuildStore';
import {
  PullRequestCatalog,
  PullRequestSandboxes,
} from './builds/PullRequestSandboxes';
import { readSandboxesConfig, SandboxesConfig } from './config';
import { DatabaseActivityStore } from './database/DatabaseActivityStore';
import { DatabaseQuotaStore } from './database/DatabaseQuotaStore';
import { DatabaseSandboxStore } from './database/DatabaseSandboxStore';
import { connectSandboxesDatabase } from './database/migrations';
import { readClusters } from './kube/clusterConfig';
import { KubernetesAdapter } from './kube/KubernetesAdapter';
import { SandboxWatcher } from './kube/SandboxWatcher';
import { ActivityService } from './services/ActivityService';
import { EntityReadCheck } from './services/catalogEntities';
import { LifetimePolicy } from './services/LifetimePolicy';
import { LinkBuilder } from './services/LinkBuilder';
import { QuotaService } from './services/QuotaService';
import { SandboxChangeSignals } from './services/SandboxChangeSignals';
import { SandboxIndexer } from './services/SandboxIndexer';
import { SandboxFleet } from './services/SandboxFleet';
import { NamespaceGuard } from './services/NamespaceGuard';
import { SandboxService } from './services/SandboxService';
import { SecretParameterStaging } from './services/SecretParameterStaging';
import { TemplateCatalog } from './services/TemplateCatalog';
import { WakeRequests } from './services/WakeRequests';

/** Everything the plugin builds from its dependencies. @public */
export interface SandboxesParts {
  config: SandboxesConfig;
  store: DatabaseSandboxStore;
  activityStore: DatabaseActivityStore;
  activity: ActivityService;
  lifetime: LifetimePolicy;
  adapter: KubernetesAdapter;
  service: SandboxService;
  builds: BuildService;
  watcher: SandboxWatcher;
  /** The autoscaler's port (see src/autoscaler/types.ts). */
  fleet: SandboxFleet;
  /** Wakes sandboxes on the waker's requests, as the watch sees them. */
  wakeRequests: WakeRequests;
}

/** Builds the layers in order; the plugin, tests and benchmarks share it. */
export async function buildSandboxes(options: {
  config: Config;
  database: DatabaseService;
  logger: LoggerService;
  auditor: AuditorService;
  /** Tells owners' open pages about changes; without it they only poll. */
  signals?: SignalsService;
  /** Resolves a followed catalog entity to its repository. */
  entityRepository?: EntityRepositoryLookup;
  /** Checks a sandbox's entityRef against the catalog, as the caller. */
  entityReadCheck?: EntityReadCheck;
  /** What pull-request sandboxes need when enabled: the catalog, as the plugin. */
  pullRequests?: {
    catalog: PullRequestCatalog;
    credentials: () => Promise<BackstageCredentials>;
  };
}): Promise<SandboxesParts> {
  const config = readSandboxesConfig(options.config);
  const knex = await connectSandboxesDatabase(options.database);
  const store = new DatabaseSandboxStore(knex);
  const activityStore = new DatabaseActivityStore(knex);
  const adapter = new KubernetesAdapter({
    clusters: readClusters(options.config),
    logger: options.logger,
    ...config.kubernetes,
  });
  const activity = new ActivityService({
    activity: activityStore,
    sandboxes: store,
  });
  const quotas = new QuotaService({
    config: config.quotas,
    slots: new DatabaseQuotaStore(knex),
    sandboxes: store,
  });
  const indexer = new SandboxIndexer({
    store,
    activity,
    quotas,
    logger: options.logger,
    signals:
      options.signals &&
      new SandboxChangeSignals({
        signals: options.signals,
        logger: options.logger,
      }),
  });
  const templates = new TemplateCatalog(adapter);
  const lifetime = new LifetimePolicy(config);
  const service = new SandboxService({
    store,
    quotas,
    activity,
    adapter,
    templates,
    lifetime,
    links: new LinkBuilder(config.links),
    namespaces: new NamespaceGuard({ adapter, namespaces: config.namespaces }),
    indexer,
    auditor: options.auditor,
    logger: options.logger,
    secretParameters: new SecretParameterStaging({
      adapter,
      namespace: config.secretParameters.namespace,
    }),
    entities:
      options.entityReadCheck ??
      (async (_ref, _credentials, field) => {
        throw new InputError(
          `${field}: the catalog is not available here, so no entity can be attached`,
        );
      }),
  });
  const wakeRequests = new WakeRequests({
    indexer,
    service,
    activity,
    logger: options.logger,
  });
  const buildStore = new DatabaseBuildStore(knex);
  if (config.pullRequests.enabled && !options.pullRequests) {
    throw new Error(
      'sandboxes.pullRequests.enabled needs the catalog, which is not available here',
    );
  }
  const builds = new BuildService({
    store: buildStore,
    sandboxes: service,
    pullRequests:
      config.pullRequests.enabled && options.pullRequests
        ? new PullRequestSandboxes({
            ...options.pullRequests,
            sandboxes: service,
            store: buildStore,
            logger: options.logger,
          })
        : undefined,
    entityRepository:
      options.entityRepository ??
      (async (_ref, _credentials, field) => {
        throw new InputError(
          `${field}: the catalog is not available here; give a repository URL`,
        );
      }),
  });
  const watcher = new SandboxWatcher({
    adapter,
    handler: wakeRequests,
    logger: options.logger,
    resyncMs: config.watch.resyncMinutes * 60_000,
  });
  const fleet = new SandboxFleet({
    store,
    service,
    activity,
    adapter,
    templates,
  });
  return {
    config,
    store,
    activityStore,
    activity,
    lifetime,
    adapter,
    service,
    builds,
    watcher,
    fleet,
    wakeRequests,
  };
}
