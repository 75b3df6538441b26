import { parseEntityRef } from '@backstage/catalog-model';
import {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  sandboxCreatePermission,
  sandboxDeletePermission,
  sandboxReadPermission,
  SandboxPermission,
  sandboxUpdatePermission,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import express, { ErrorRequestHandler, Request } from 'express';
import type { AutoscalerStatusService } from './autoscaler';
import { BuildService } from './builds/BuildService';
import { ClusterHealth } from './kube/ClusterHealth';
import { SandboxAuthorizer } from './router/authorize';
import { refuseBracketQueryKeys } from './router/bracketQueryKeys';
import { createOpenApiRouter } from './schema/openapi';
import { QuotaExceededError } from './services/QuotaService';
import { SandboxService } from './services/SandboxService';

/**
 * A date-time the spec let through as a real instant: offsets such as +24:00
 * pass some date-time checks but are no time Date can hold.
 */
function toInstant(value: string, field: string): Date {
  const instant = new Date(value);
  if (!Number.isFinite(instant.getTime())) {
    throw new InputError(
      `${field}: must be an RFC 3339 time with an offset between -23:59 and +23:59`,
    );
  }
  return instant;
}

/** @public */
export interface RouterOptions {
  service: SandboxService;
  builds: BuildService;
  authorizer: SandboxAuthorizer;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  health: ClusterHealth;
  /** The autoscaler's read side (status, last decision, savings). */
  autoscalerStatus?: AutoscalerStatusService;
}

/**
 * The REST API described by src/schema/openapi.yaml: the generated router
 * validates every request against it (and serves it at /openapi.json); the
 * handlers check permissions and call SandboxService. Nothing else.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    service,
    builds,
    authorizer,
    httpAuth,
    userInfo,
    health,
    autoscalerStatus,
  } = options;
  const router = await createOpenApiRouter({
    middleware: [express.json({ limit: '64kb' }), refuseBracketQueryKeys],
  });

  // Typed by the spec; the auth service takes any express request.
  type AnyRequest = Request<any, any, any, any>;

  const credentialsOf = (req: AnyRequest) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  type Caller = BackstageCredentials<
    BackstageUserPrincipal | BackstageServicePrincipal
  >;

  const userOf = (credentials: Caller, action: string) => {
    if (credentials.principal.type !== 'user') {
      throw new NotAllowedError(
        `To ${action} a signed-in user is needed; call on behalf of one`,
      );
    }
    return credentials.principal.userEntityRef;
  };

  /** Actor of a write: the user, or the service for service-to-service calls. */
  const actorOf = (credentials: Caller) =>
    credentials.principal.type === 'user'
      ? credentials.principal.userEntityRef
      : `service:${credentials.principal.subject}`;

  const loadAuthorized = async (
    req: AnyRequest & { params: { name: string } },
    permission: SandboxPermission,
    verb: string,
  ) => {
    const { name } = req.params;
    const credentials = await credentialsOf(req);
    const record = await service.getRecord(name);
    await authorizer.resource(
      permission,
      { name, owner: record.owner },
      credentials,
      verb,
    );
    return { name, credentials, actor: actorOf(credentials) };
  };

  router.get('/health', async (req, res) => {
    await credentialsOf(req);
    // Reasons stay in the log: raw errors name hosts and addresses.
    const clusters = health.all().map(({ name, reachable, lastSyncAt }) => ({
      name,
      reachable,
      lastSyncAt,
    }));
    const ready = clusters.every(c => c.reachable);
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ok' : 'degraded', clusters });
  });

  router.get('/templates', async (req, res) => {
    await credentialsOf(req);
    res.json({ items: await service.templates() });
  });

  router.get('/sandboxes', async (req, res) => {
    const query = req.query;
    const credentials = await credentialsOf(req);
    const filter = await authorizer.listFilter(
      sandboxReadPermission,
      credentials,
    );
    const owner =
      query.owner === 'me'
        ? userOf(credentials, "list 'my' sandboxes")
        : query.owner;
    res.json(
      await service.list({ ...query, owner, limit: query.limit ?? 50 }, filter),
    );
  });

  router.post('/sandboxes', async (req, res) => {
    const body = req.body;
    const credentials = await credentialsOf(req);
    const owner = userOf(credentials, 'create a sandbox');
    await authorizer.basic(
      sandboxCreatePermission,
      credentials,
      'create sandboxes',
    );
    const { ownershipEntityRefs } = await userInfo.getUserInfo(credentials);
    const groups = ownershipEntityRefs.filter(ref => ref.startsWith('group:'));
    const created = await service.create(body, {
      actor: owner,
      groups,
      credentials,
      request: req,
    });
    res.status(201).json(created);
  });

  router.get('/sandboxes/:name', async (req, res) => {
    const { name } = await loadAuthorized(req, sandboxReadPermission, 'read');
    res.json(await service.get(name));
  });

  router.get('/sandboxes/:name/activity', async (req, res) => {
    // Kept after deletion, so the owner may come from the timeline itself.
    const { name } = req.params;
    const credentials = await credentialsOf(req);
    const timeline = await service.findTimeline(name, req.query.uid);
    await authorizer.resource(
      sandboxReadPermission,
      { name, owner: timeline.owner },
      credentials,
      'read',
    );
    res.json({ items: await service.activity(timeline) });
  });

  router.get('/sandboxes/:name/history', async (req, res) => {
    const { name } = req.params;
    const credentials = await credentialsOf(req);
    const canRead = await authorizer.predicate(
      sandboxReadPermission,
      credentials,
    );
    // Only sandboxes whose owner is known can be checked, so only those show.
    const items = (await service.incarnations(name)).filter(
      i => i.owner && canRead({ name, owner: i.owner }),
    );
    // Nothing readable is answered as a name never used: the same 404.
    if (items.length === 0) {
      throw new NotFoundError(`No sandbox named '${name}'`);
    }
    res.json({
      items: items.map(i => ({
        ...i,
        firstAt: i.firstAt.toISOString(),
        lastAt: i.lastAt.toISOString(),
      })),
    });
  });

  router.get('/sandboxes/:name/autoscaler', async (req, res) => {
    const { name } = await loadAuthorized(req, sandboxReadPermission, 'read');
    if (!autoscalerStatus)
      throw new NotFoundError('The autoscaler is not installed');
    res.json(await autoscalerStatus.getSandboxStatus(name));
  });

  router.get('/autoscaler', async (req, res) => {
    const credentials = await credentialsOf(req);
    if (!autoscalerStatus)
      throw new NotFoundError('The autoscaler is not installed');
    const [clusters, savings, canRead] = await Promise.all([
      autoscalerStatus.getClusterStatuses(),
      autoscalerStatus.getSavings(),
      authorizer.predicate(sandboxReadPermission, credentials),
    ]);
    // Per-sandbox rows name sandboxes and owners: only those the caller may
    // read. The fleet total is an aggregate and stays whole.
    const sandboxes = savings.sandboxes.filter(row =>
      canRead({ name: row.sandbox, owner: row.owner }),
    );
    res.json({ clusters, savings: { ...savings, sandboxes } });
  });

  router.delete('/sandboxes/:name', async (req, res) => {
    const { name, actor } = await loadAuthorized(
      req,
      sandboxDeletePermission,
      'delete',
    );
    await service.delete(name, { actor, request: req });
    res.status(204).end();
  });

  router.patch('/sandboxes/:name', async (req, res) => {
    const body = req.body;
    const { name, actor, credentials } = await loadAuthorized(
      req,
      sandboxUpdatePermission,
      'change',
    );
    res.json(
      await builds.change(name, body, { actor, credentials, request: req }),
    );
  });

  router.post('/builds', async (req, res) => {
    const body = req.body;
    const credentials = await credentialsOf(req);
    const checkUpdate = async (names: string[]) => {
      for (const name of names) {
        const record = await service.getRecord(name);
        await authorizer.resource(
          sandboxUpdatePermission,
          { name, owner: record.owner },
          credentials,
          'move',
        );
      }
    };
    res.json(
      await builds.report(body, {
        actor: actorOf(credentials),
        request: req,
        checkUpdate,
      }),
    );
  });

  router.post('/sandboxes/:name/suspend', async (req, res) => {
    const { reason } = req.body ?? {};
    const { name, actor } = await loadAuthorized(
      req,
      sandboxUpdatePermission,
      'suspend',
    );
    res.json(
      await service.suspend(name, {
        actor,
        reason: reason ?? `${parseEntityRef(actor).name} put it to sleep`,
        request: req,
      }),
    );
  });

  router.post('/sandboxes/:name/resume', async (req, res) => {
    const { reason } = req.body ?? {};
    const { name, actor } = await loadAuthorized(
      req,
      sandboxUpdatePermission,
      'resume',
    );
    res.json(
      await service.resume(name, {
        actor,
        reason: reason ?? `woken up by ${actor}`,
        request: req,
      }),
    );
  });

  router.post('/sandboxes/:name/extend', async (req, res) => {
    const { minutes } = req.body;
    const { name, actor } = await loadAuthorized(
      req,
      sandboxUpdatePermission,
      'extend',
    );
    res.json(await service.extend(name, minutes, { actor, request: req }));
  });

  router.post('/sandboxes/:name/reseed', async (req, res) => {
    const { name, actor } = await loadAuthorized(
      req,
      sandboxUpdatePermission,
      'reseed',
    );
    res.json(await service.reseed(name, { actor, request: req }));
  });

  router.post('/sandboxes/:name/keep-awake', async (req, res) => {
    const { until } = req.body;
    const { name, actor } = await loadAuthorized(
      req,
      sandboxUpdatePermission,
      'keep awake',
    );
    res.json(
      await service.keepAwake(name, until ? toInstant(until, 'until') : null, {
        actor,
        request: req,
      }),
    );
  });

  router.use(((error, _req, res, next) => {
    if (error instanceof QuotaExceededError) {
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
    }
    if (error?.type === 'entity.parse.failed') {
      next(new InputError(`body: is not valid JSON (${error.message})`));
      return;
    }
    next(error);
  }) as ErrorRequestHandler);

  return router;
}
