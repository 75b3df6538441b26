import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { sandboxPermissions } from '@sandboxkit/backstage-plugin-sandboxes-common';
import {
  SandboxMetricsSource,
  sandboxesMetricsSourceExtensionPoint,
} from '@sandboxkit/backstage-plugin-sandboxes-node';
import { registerAutoscaler } from './autoscaler';
import { subscribeToBuildEvents } from './builds/buildEvents';
import {
  catalogPullRequestLookup,
  catalogRepositoryLookup,
} from './builds/catalogRepositories';
import { ActivityCleaner } from './database/ActivityCleaner';
import {
  isSandboxOwner,
  sandboxPermissionResourceRef,
} from './permissions/rules';
import { createRouter } from './router';
import { SandboxAuthorizer } from './router/authorize';
import { catalogEntityReadCheck } from './services/catalogEntities';
import { ExpiryWarner } from './services/ExpiryWarner';
import { buildSandboxes } from './wiring';

/**
 * The sandboxes backend plugin: REST API under /api/sandboxes, the index kept
 * by a watch per cluster, quotas, lifetimes, permissions and the activity log.
 *
 * @public
 */
export const sandboxesPlugin = createBackendPlugin({
  pluginId: 'sandboxes',
  register(env) {
    const metricsSources: SandboxMetricsSource[] = [];
    env.registerExtensionPoint(sandboxesMetricsSourceExtensionPoint, {
      addMetricsSource(source) {
        metricsSources.push(source);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        // Its default implementation posts to the notifications backend; when
        // that plugin is not installed, sending fails and the warnings are
        // still in the activity log (the senders catch and log the failure).
        notifications: notificationService,
        // Its default implementation publishes on the events service; the
        // signals backend plugin carries those to the browsers.
        signals: signalsServiceRef,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
      },
      async init(deps) {
        const parts = await buildSandboxes({
          ...deps,
          entityRepository: catalogRepositoryLookup(deps.catalog),
          entityReadCheck: catalogEntityReadCheck(deps.catalog),
          pullRequests: {
            catalog: catalogPullRequestLookup(deps.catalog, deps.auth),
            credentials: () => deps.auth.getOwnServiceCredentials(),
          },
        });
        const { service, store, watcher } = parts;

        deps.permissionsRegistry.addResourceType({
          resourceRef: sandboxPermissionResourceRef,
          permissions: sandboxPermissions,
          rules: [isSandboxOwner],
          getResources: async names =>
            Promise.all(names.map(async name => store.get(name))),
        });
        const authorizer = new SandboxAuthorizer(
          deps.permissions,
          deps.permissionsRegistry.getPermissionRuleset(
            sandboxPermissionResourceRef,
          ),
        );

        const { status: autoscalerStatus, keptAsleep } =
          await registerAutoscaler({
            config: deps.config,
            logger: deps.logger,
            scheduler: deps.scheduler,
            database: deps.database,
            fleet: parts.fleet,
            metricsSources,
            notifications: deps.notifications,
          });
        parts.wakeRequests.setKeptAsleepCheck(keptAsleep);

        deps.httpRouter.use(
          await createRouter({
            service,
            builds: parts.builds,
            authorizer,
            httpAuth: deps.httpAuth,
            userInfo: deps.userInfo,
            health: parts.adapter.health,
            autoscalerStatus,
          }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/openapi.json',
          allow: 'unauthenticated',
        });

        await new ActivityCleaner({
          store: parts.activityStore,
          retentionDays: parts.config.activity.retentionDays,
          logger: deps.logger,
        }).schedule(deps.scheduler);

        await new ExpiryWarner({
          store,
          activity: parts.activity,
          lifetime: parts.lifetime,
          warningMinutes: parts.config.expiryWarningMinutes,
          logger: deps.logger,
          notifications: deps.notifications,
        }).schedule(deps.scheduler);

        await subscribeToBuildEvents({
          events: deps.events,
          builds: parts.builds,
          logger: deps.logger,
        });

        watcher.start();
        deps.lifecycle.addShutdownHook(() => watcher.stop());
      },
    });
  },
});
