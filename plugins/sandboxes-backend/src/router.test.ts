import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import express from 'express';
import request from 'supertest';
import { BuildService } from './builds/BuildService';
import { ClusterHealth } from './kube/ClusterHealth';
import { createRouter } from './router';
import { spec } from './schema/openapi';
import { SandboxAuthorizer } from './router/authorize';
import { SandboxService } from './services/SandboxService';

/** "/sandboxes/:name/extend" → "/sandboxes/{name}/extend" */
const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

describe('router and OpenAPI document', () => {
  // The validator lets undocumented routes through unchecked, so every route
  // must be in the spec (and every documented operation must be served).
  it('serve exactly the same paths and methods', async () => {
    const router = await createRouter({
      service: {} as SandboxService,
      builds: {} as BuildService,
      authorizer: {} as SandboxAuthorizer,
      httpAuth: mockServices.httpAuth(),
      userInfo: mockServices.userInfo(),
      health: new ClusterHealth([]),
    });
    const routed = (router.stack as Layer[])
      .filter(layer => layer.route)
      .flatMap(layer =>
        Object.keys(layer.route!.methods).map(
          method =>
            `${method.toUpperCase()} ${toOpenApiPath(layer.route!.path)}`,
        ),
      )
      .sort();
    const documented = Object.entries(spec.paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map(
          method => `${method.toUpperCase()} ${path}`,
        ),
      )
      // Served by the generated router itself.
      .concat('GET /openapi.json')
      .sort();
    expect(routed).toEqual(documented);
  });

  it('serves the document without credentials, readiness only with one and without raw errors', async () => {
    const health = new ClusterHealth(['a', 'b']);
    health.markReachable('a', true);
    const app = express()
      .use(
        await createRouter({
          service: {} as SandboxService,
          builds: {} as BuildService,
          authorizer: {} as SandboxAuthorizer,
          httpAuth: mockServices.httpAuth(),
          userInfo: mockServices.userInfo(),
          health,
        }),
      )
      .use(
        MiddlewareFactory.create({
          config: mockServices.rootConfig(),
          logger: mockServices.logger.mock(),
        }).error(),
      );
    const user = mockCredentials.user.header();
    const doc = await request(app).get('/openapi.json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    health.markUnreachable('b', 'connect ECONNREFUSED 10.1.2.3:6443');
    await request(app)
      .get('/health')
      .set('Authorization', mockCredentials.none.header())
      .expect(401);
    const ready = await request(app).get('/health').set('Authorization', user);
    expect(ready.status).toBe(503);
    expect(JSON.stringify(ready.body)).not.toContain('10.1.2.3');
    expect(ready.body.clusters).toEqual([
      expect.objectContaining({ name: 'a', reachable: true }),
      expect.objectContaining({ name: 'b', reachable: false }),
    ]);
    health.markReachable('b');
    await request(app).get('/health').set('Authorization', user).expect(200);
  });
});
