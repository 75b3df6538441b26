import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Faults } from '../faults/Faults';
import { pageNotFound } from '../errors/StatusError';
import {
  apiVersions,
  group,
  groupList,
  resourceList,
  SERVER_VERSION,
} from './discovery';
import {
  encodeOpenApiV2,
  openApiV2,
  OPENAPI_V2_PROTOBUF,
} from './openapi/openApiV2';
import { openApiV3GroupVersion, openApiV3Root } from './openapi/openApiV3';
import { parseApiPath } from './parseApiPath';
import { handleResource, ResourceHandlerDeps } from './resourceHandler';
import { sendError, sendJson } from './respond';

/** What the HTTP layer needs. */
export interface RequestListenerDeps extends ResourceHandlerDeps {
  faults: Faults;
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** The request listener of the simulated API server. */
export function createRequestListener(deps: RequestListenerDeps) {
  return (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res, deps).catch(error => sendError(res, error));
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  deps: RequestListenerDeps,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://kube-sim');
  const method = req.method ?? 'GET';
  if (deps.faults.latencyMs > 0) await sleep(deps.faults.latencyMs);
  const fault = deps.faults.check(method, `${url.pathname}${url.search}`);
  if (fault) {
    // Drain the body so the client sees the response, not a reset.
    req.resume();
    throw fault;
  }
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const { registry } = deps.api;
  switch (path) {
    case '/version':
      sendJson(res, 200, SERVER_VERSION);
      return;
    case '/healthz':
    case '/livez':
    case '/readyz':
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    case '/openapi/v2': {
      const doc = openApiV2(registry);
      if (!(req.headers.accept ?? '').includes('protobuf')) {
        sendJson(res, 200, doc);
        return;
      }
      const body = encodeOpenApiV2(doc);
      res.writeHead(200, {
        'Content-Type': OPENAPI_V2_PROTOBUF,
        'Content-Length': body.length,
      });
      res.end(body);
      return;
    }
    case '/openapi/v3':
      sendJson(res, 200, openApiV3Root(registry));
      return;
    default:
      break;
  }
  const openapi = /^\/openapi\/v3\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(
    path,
  );
  if (openapi) {
    const doc = openApiV3GroupVersion(
      registry,
      openapi[2] ?? '',
      openapi[1] ?? openapi[3],
    );
    if (!doc) throw pageNotFound();
    sendJson(res, 200, doc);
    return;
  }
  const api = parseApiPath(path, registry);
  if (!api) throw pageNotFound();
  switch (api.type) {
    case 'apiVersions':
      sendJson(res, 200, apiVersions(req.headers.host ?? '127.0.0.1'));
      return;
    case 'groupList':
      sendJson(res, 200, groupList(registry));
      return;
    case 'group': {
      const body = group(registry, api.group);
      if (!body) throw pageNotFound();
      sendJson(res, 200, body);
      return;
    }
    case 'groupVersion': {
      const body = resourceList(registry, api.group, api.version);
      if (!body) throw pageNotFound();
      sendJson(res, 200, body);
      return;
    }
    default:
      await handleResource(req, res, url.searchParams, api, deps);
  }
}
