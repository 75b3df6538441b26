import {
  ListSandboxesRequest,
  ListSandboxesResponse,
  Sandbox,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { SandboxesServiceRequestOptions } from '@sandboxkit/backstage-plugin-sandboxes-node';

/** A sandbox as the API returns it, with overrides for the case at hand. */
export function aSandbox(overrides: Partial<Sandbox> = {}): Sandbox {
  return {
    name: 'payments-jane-1',
    displayName: 'Payments demo for the Acme call',
    cluster: 'local',
    template: 'payments-api',
    owner: 'user:default/jane',
    entityRef: 'component:default/payments-api',
    size: 'small',
    parameters: {},
    secretParameters: [],
    phase: 'Ready',
    suspended: false,
    namespace: 'sbx-payments-jane-1',
    url: 'http://payments-jane-1.sandboxes.localhost',
    endpoints: [
      { name: 'api', url: 'http://payments-jane-1.sandboxes.localhost' },
    ],
    components: [],
    conditions: [],
    createdAt: '2026-11-23T10:00:00Z',
    expiresAt: '2026-11-23T11:00:00Z',
    extensionsUsed: 0,
    stale: false,
    ...overrides,
  };
}

/**
 * An in-memory stand-in for the sandboxes service's list call, paging
 * by cursor the way the backend does, and recording who asked.
 */
export class InMemorySandboxList {
  sandboxes: Sandbox[] = [];
  failWith?: Error;
  readonly calls: Array<{ cursor?: string; principal: unknown }> = [];

  async listSandboxes(
    request: ListSandboxesRequest,
    options: SandboxesServiceRequestOptions,
  ): Promise<ListSandboxesResponse> {
    this.calls.push({
      cursor: request.cursor,
      principal: options.credentials.principal,
    });
    if (this.failWith) {
      throw this.failWith;
    }
    const start = request.cursor ? Number(request.cursor) : 0;
    const limit = request.limit ?? 100;
    const items = this.sandboxes.slice(start, start + limit);
    const next = start + limit;
    return {
      items,
      totalCount: this.sandboxes.length,
      nextCursor: next < this.sandboxes.length ? String(next) : undefined,
    };
  }
}
