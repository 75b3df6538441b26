import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiServer } from '../api/ApiServer';
import type { WriteResult } from '../api/requestTypes';
import {
  badRequest,
  methodNotAllowed,
  notFound,
  pageNotFound,
  StatusError,
} from '../errors/StatusError';
import { applyJsonPatch } from '../patch/jsonPatch';
import { applyMergePatch } from '../patch/mergePatch';
import type { ResourceType } from '../registry/ResourceType';
import type { PodLogs } from '../storage/PodLogs';
import type { KubeObject } from '../types';
import { clone, isObject, setPath, splitPath } from '../util/json';
import type { WatchHub } from '../watch/WatchHub';
import { handlePodLog } from './podLogHandler';
import { deleteOptions, patchTypeOf, writeContext } from './queryOptions';
import { parseBody, readBody } from './readBody';
import { renderList, renderObject, representationFor } from './render';
import { sendJson, warningHeaders } from './respond';
import { scaleOf } from './scale';
import { createToken } from './tokenRequest';
import { handleWatch, WatchHandlerOptions } from './watchHandler';

/** What the resource endpoints need. */
export interface ResourceHandlerDeps {
  api: ApiServer;
  watches: WatchHub;
  logs: PodLogs;
  watchOptions: WatchHandlerOptions;
}

/** A decoded resource request. */
export interface ResourceRequest {
  rt: ResourceType | undefined;
  namespace?: string;
  name?: string;
  subresource?: string;
  legacyWatch: boolean;
}

/** Serves every verb on /api/v1/... and /apis/G/V/... resource paths. */
export async function handleResource(
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
  request: ResourceRequest,
  deps: ResourceHandlerDeps,
): Promise<void> {
  const { rt, name, subresource } = request;
  if (!rt) throw pageNotFound();
  const namespace = request.namespace ?? '';
  if (rt.namespaced && name && !request.namespace) throw pageNotFound();
  const { api } = deps;
  const method = req.method ?? 'GET';
  const representation = representationFor(req.headers.accept);
  const includeObject = query.get('includeObject') ?? undefined;
  const ctx = () => writeContext(query, req.headers['user-agent']);
  const body = async () =>
    parseBody(await readBody(req), req.headers['content-type']);
  const known = ['status', 'scale', 'log', 'finalize', 'token'];
  if (subresource && !known.includes(subresource)) throw pageNotFound();
  if (subresource === 'scale' && !rt.subresources.scale) throw pageNotFound();
  if (subresource === 'status' && !rt.subresources.status) throw pageNotFound();
  if (subresource === 'log' && !rt.subresources.log) throw pageNotFound();
  if (subresource === 'token' && !rt.subresources.token) throw pageNotFound();

  if (!name) {
    if (method === 'GET') {
      const watch =
        request.legacyWatch ||
        query.get('watch') === 'true' ||
        query.get('watch') === '1';
      const ns = rt.namespaced ? request.namespace : undefined;
      if (watch) {
        handleWatch(
          res,
          query,
          rt,
          ns,
          representation,
          deps.watches,
          deps.watchOptions,
        );
        return;
      }
      const page = api.list(rt, ns, {
        labelSelector: query.get('labelSelector') ?? undefined,
        fieldSelector: query.get('fieldSelector') ?? undefined,
        limit: query.get('limit') ? Number(query.get('limit')) : undefined,
        continueToken: query.get('continue') ?? undefined,
      });
      sendJson(
        res,
        200,
        renderList(
          rt,
          page.items,
          {
            resourceVersion: page.resourceVersion,
            continue: page.continueToken,
            remainingItemCount: page.remainingItemCount,
          },
          representation,
          includeObject,
        ),
      );
      return;
    }
    if (method === 'POST') {
      const result = api.create(rt, namespace, await body(), ctx());
      sendWriteResult(res, rt, result);
      return;
    }
    if (method === 'DELETE') {
      const options = deleteOptions(query, await body());
      const page = api.list(rt, rt.namespaced ? request.namespace : undefined, {
        labelSelector: query.get('labelSelector') ?? undefined,
        fieldSelector: query.get('fieldSelector') ?? undefined,
      });
      const deleted: KubeObject[] = [];
      for (const item of page.items) {
        try {
          deleted.push(
            api.delete(
              rt,
              item.metadata.namespace ?? '',
              item.metadata.name!,
              options,
            ).object,
          );
        } catch (error) {
          if (!(error instanceof StatusError && error.code === 404))
            throw error;
        }
      }
      sendJson(
        res,
        200,
        renderList(
          rt,
          deleted,
          { resourceVersion: String(api.store.resourceVersion) },
          'object',
          undefined,
        ),
      );
      return;
    }
    throw methodNotAllowed(
      `the server does not allow this method on the requested resource`,
    );
  }

  if (subresource === 'log') {
    if (method !== 'GET')
      throw methodNotAllowed(
        'the server does not allow this method on the requested resource',
      );
    handlePodLog(res, query, api, deps.logs, rt, namespace, name);
    return;
  }
  if (subresource === 'token') {
    if (method !== 'POST')
      throw methodNotAllowed(
        'the server does not allow this method on the requested resource',
      );
    const tokenRequest = await body();
    sendJson(
      res,
      201,
      createToken(tokenRequest, namespace, name, () =>
        api.get(rt, namespace, name),
      ),
    );
    return;
  }
  if (subresource === 'scale') {
    await handleScale(req, res, rt, namespace, name, method, deps, ctx, body);
    return;
  }
  switch (method) {
    case 'GET': {
      sendJson(
        res,
        200,
        renderObject(
          rt,
          api.get(rt, namespace, name),
          representation,
          includeObject,
        ),
      );
      return;
    }
    case 'PUT': {
      let payload = await body();
      if (subresource === 'finalize') {
        if (rt.plural !== 'namespaces') throw pageNotFound();
        const current = clone(api.get(rt, '', name));
        const finalizers =
          isObject(payload) && isObject(payload.spec)
            ? payload.spec.finalizers
            : undefined;
        current.spec = {
          ...(isObject(current.spec) ? current.spec : {}),
          finalizers: finalizers ?? [],
        };
        if (
          isObject(payload) &&
          isObject(payload.metadata) &&
          payload.metadata.resourceVersion
        ) {
          current.metadata.resourceVersion = String(
            payload.metadata.resourceVersion,
          );
        }
        payload = current;
      }
      const result = api.update(
        rt,
        namespace,
        name,
        payload,
        ctx(),
        subresource,
      );
      sendWriteResult(res, rt, result);
      return;
    }
    case 'PATCH': {
      const type = patchTypeOf(req.headers['content-type']);
      if (!type) throw unsupported(req.headers['content-type']);
      const result = api.patch(
        rt,
        namespace,
        name,
        type,
        await body(),
        ctx(),
        subresource,
      );
      sendWriteResult(res, rt, result);
      return;
    }
    case 'DELETE': {
      if (subresource)
        throw methodNotAllowed(
          'the server does not allow this method on the requested resource',
        );
      const options = deleteOptions(query, await body());
      const result = api.delete(rt, namespace, name, options);
      if (result.removed && !rt.custom) {
        sendJson(res, 200, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          details: {
            name,
            group: rt.group || undefined,
            kind: rt.plural,
            uid: result.object.metadata.uid,
          },
        });
      } else {
        sendJson(res, 200, renderObject(rt, result.object, 'object'));
      }
      return;
    }
    default:
      throw methodNotAllowed(
        'the server does not allow this method on the requested resource',
      );
  }
}

/** Answers a create, update or patch (201 when it created) with the object and its warnings. */
function sendWriteResult(
  res: ServerResponse,
  rt: ResourceType,
  result: WriteResult,
): void {
  sendJson(
    res,
    result.code,
    renderObject(rt, result.object, 'object'),
    warningHeaders(result.warnings),
  );
}

function unsupported(contentType: string | undefined): StatusError {
  return new StatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json, application/apply-patch+cbor`,
    {
      causes: [
        { reason: 'UnexpectedServerResponse', message: String(contentType) },
      ],
    },
  );
}

async function handleScale(
  req: IncomingMessage,
  res: ServerResponse,
  rt: ResourceType,
  namespace: string,
  name: string,
  method: string,
  deps: ResourceHandlerDeps,
  ctx: () => ReturnType<typeof writeContext>,
  body: () => Promise<unknown>,
): Promise<void> {
  const { api } = deps;
  const current = api.get(rt, namespace, name);
  if (method === 'GET') {
    sendJson(res, 200, scaleOf(rt, current));
    return;
  }
  let scale: unknown;
  if (method === 'PUT') scale = await body();
  else if (method === 'PATCH') {
    const type = patchTypeOf(req.headers['content-type']);
    const patch = await body();
    if (type === 'json') scale = applyJsonPatch(scaleOf(rt, current), patch);
    else if (type === 'merge' || type === 'strategic' || type === 'apply')
      scale = applyMergePatch(scaleOf(rt, current), patch);
    else throw unsupported(req.headers['content-type']);
  } else {
    throw methodNotAllowed(
      'the server does not allow this method on the requested resource',
    );
  }
  if (!isObject(scale) || !isObject(scale.spec))
    throw badRequest('the body must be a Scale object');
  const replicas = scale.spec.replicas;
  if (typeof replicas !== 'number' || replicas < 0) {
    throw badRequest('spec.replicas must be a non-negative integer');
  }
  const next = clone(current);
  setPath(
    next as unknown as Record<string, unknown>,
    splitPath(rt.subresources.scale!.specReplicasPath),
    replicas,
  );
  const rv = isObject(scale.metadata)
    ? scale.metadata.resourceVersion
    : undefined;
  next.metadata.resourceVersion =
    typeof rv === 'string' && rv ? rv : current.metadata.resourceVersion;
  const result = api.update(rt, namespace, name, next, ctx(), 'scale');
  if (!result.object) throw notFound(rt, name);
  sendJson(res, 200, scaleOf(rt, result.object));
}
