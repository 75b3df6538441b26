/*
 * The sandboxes API for benchmarks: the real router, services, store and
 * cluster adapter (buildSandboxes), with authentication and permissions
 * replaced by pass-through stand-ins (every request is user:default/bench
 * and allowed), as those are Backstage's.
 */
import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import express from 'express';
import { Knex } from 'knex';
import { AddressInfo } from 'node:net';
import { createRouter } from '../src/router';
import { SandboxAuthorizer } from '../src/router/authorize';
import { buildSandboxes } from '../src/wiring';

export const USER = 'user:default/bench';
/** The spec asks every request for a bearer token; the stand-in auth accepts any. */
export const AUTHORIZATION = { Authorization: 'Bearer bench' };

const logger = {
  error: (m: string) => console.error(m),
  warn: () => {},
  info: () => {},
  debug: () => {},
  child() {
    return logger;
  },
};

const allow = {
  async authorize(requests: unknown[]) {
    return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
  },
  async authorizeConditional(requests: unknown[]): Promise<PolicyDecision[]> {
    return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
  },
};

/** Serves the API on a free port, on `knex`, against the cluster at `kubeUrl`. */
export async function startApi(knex: Knex, kubeUrl: string) {
  const config = new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'local',
              url: kubeUrl,
              authProvider: 'serviceAccount',
              skipTLSVerify: true,
            },
          ],
        },
      ],
    },
    sandboxes: { quotas: { perUser: 1_000_000, perGroup: 1_000_000 } },
  });
  const parts = await buildSandboxes({
    config,
    database: { getClient: async () => knex },
    logger,
    auditor: {
      createEvent: async () => ({
        success: async () => {},
        fail: async () => {},
      }),
    },
  });
  const credentials = {
    $$type: '@backstage/BackstageCredentials' as const,
    principal: { type: 'user' as const, userEntityRef: USER },
  };
  const router = await createRouter({
    service: parts.service,
    builds: parts.builds,
    authorizer: new SandboxAuthorizer(
      allow as never,
      { getRuleByName: () => undefined } as never,
    ),
    httpAuth: { credentials: async () => credentials } as never,
    userInfo: {
      getUserInfo: async () => ({
        userEntityRef: USER,
        ownershipEntityRefs: [USER],
      }),
    },
    health: parts.adapter.health,
  });
  const app = express().use('/api/sandboxes', router);
  const server = app.listen(0);
  await new Promise(resolve => server.once('listening', resolve));
  const base = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/sandboxes`;
  return { base, server, parts };
}
