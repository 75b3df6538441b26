import type {
  Sandbox,
  SandboxDetails,
} from '@sandboxkit/backstage-plugin-sandboxes-common';

/**
 * Polls `probe` until it returns something other than undefined; the
 * browser-free counterpart of `locator.waitFor`. Polls, never sleeps a
 * fixed time before looking.
 */
export async function waitUntil<T>(
  what: string | (() => string),
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (${lastError.message})` : '';
      throw new Error(
        `Timed out after ${timeoutMs / 1000} s waiting for ${
          typeof what === 'string' ? what : what()
        }${cause}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}

/** An HTTP error from the portal with what it answered, for failure messages. */
export class PortalHttpError extends Error {
  constructor(
    readonly status: number,
    method: string,
    path: string,
    body: string,
  ) {
    super(`${method} ${path} answered ${status}: ${body.slice(0, 500)}`);
  }
}

/**
 * The portal's HTTP API as the guest user, the way the app calls it: the
 * guest provider's refresh endpoint hands out a Backstage token (the app
 * sends X-Requested-With, which the auth backend requires), then every call
 * carries it as a bearer token.
 */
export class PortalApi {
  static async signInAsGuest(backendUrl: string): Promise<PortalApi> {
    const response = await fetch(`${backendUrl}/api/auth/guest/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    if (!response.ok) {
      throw new PortalHttpError(
        response.status,
        'GET',
        '/api/auth/guest/refresh',
        await response.text(),
      );
    }
    const session = (await response.json()) as {
      backstageIdentity: { token: string };
    };
    return new PortalApi(backendUrl, session.backstageIdentity.token);
  }

  private constructor(
    readonly backendUrl: string,
    private readonly token: string,
  ) {}

  /** The parsed answer, or undefined for a 404. */
  async get<T>(path: string): Promise<T | undefined> {
    const response = await this.request('GET', path);
    if (response.status === 404) return undefined;
    return (await this.checked(response, 'GET', path)).json() as Promise<T>;
  }

  async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.request(method, path, body);
    const text = await (await this.checked(response, method, path)).text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Creates a sandbox of the demo template and waits until it is Ready. */
  async createReadySandbox(
    displayName: string,
    timeoutMs = 60_000,
  ): Promise<SandboxDetails> {
    const created = await this.send<SandboxDetails>(
      'POST',
      '/api/sandboxes/sandboxes',
      { template: 'payments-api', displayName, ttlMinutes: 60 },
    );
    return this.waitForPhase(created.name, 'Ready', timeoutMs);
  }

  async waitForPhase(
    name: string,
    phase: Sandbox['phase'],
    timeoutMs: number,
  ): Promise<SandboxDetails> {
    let last: string | undefined;
    return waitUntil(
      () => `sandbox ${name} to be ${phase} (last seen: ${last})`,
      timeoutMs,
      async () => {
        const sandbox = await this.get<SandboxDetails>(
          `/api/sandboxes/sandboxes/${name}`,
        );
        last = sandbox?.phase;
        return sandbox?.phase === phase ? sandbox : undefined;
      },
      100,
    );
  }

  /** Deletes a sandbox and waits until the API no longer knows it. */
  async deleteSandbox(name: string, timeoutMs = 60_000): Promise<void> {
    await this.send('DELETE', `/api/sandboxes/sandboxes/${name}`);
    await waitUntil(`sandbox ${name} to be gone`, timeoutMs, async () =>
      (await this.get(`/api/sandboxes/sandboxes/${name}`)) ? undefined : true,
    );
  }

  private request(method: string, path: string, body?: unknown) {
    return fetch(`${this.backendUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  private async checked(response: Response, method: string, path: string) {
    if (!response.ok) {
      throw new PortalHttpError(
        response.status,
        method,
        path,
        await response.text(),
      );
    }
    return response;
  }
}
