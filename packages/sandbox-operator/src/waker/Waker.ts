import http from 'http';
import {
  parseWakeAnnotation,
  SANDBOX_API_GROUP_VERSION,
  SandboxAnnotations,
  SandboxResource,
  sandboxHost,
  WakeRefusal,
  WakeRequest,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { OperatorConfig } from '../config';
import { KubeClient } from '../kube/KubeClient';
import { resourceType } from '../kube/resources';
import { SandboxDirectory } from './SandboxDirectory';
import { expectedWakeSeconds } from './wakeHistory';
import { WakerMetrics } from './WakerMetrics';
import {
  CannotWakeReason,
  cannotWakePage,
  WAKER_STATUS_PATH,
  wakingPage,
} from './wakerPages';

const SANDBOX = resourceType(SANDBOX_API_GROUP_VERSION, 'Sandbox');
/** Marks a request the waker passed on, so one that comes back is not passed on again. */
const HOP_HEADER = 'x-sandbox-waker-hop';
/** After a refusal, requests show its page for this long before asking again. */
const REFUSAL_STANDS_MS = 60_000;
/** A wake request this process wrote is not written again for this long. */
const REQUEST_DEDUP_MS = 30_000;

/** What the waker makes of a request's sandbox. */
type Assessment =
  | { state: 'ready'; sandbox: SandboxResource }
  | { state: 'asleep'; sandbox: SandboxResource }
  | { state: 'waking'; sandbox: SandboxResource }
  | { state: 'cannot'; reason: CannotWakeReason };

/** Options of {@link Waker}. */
export interface WakerOptions {
  client: KubeClient;
  directory: SandboxDirectory;
  config: OperatorConfig;
  metrics: WakerMetrics;
  logger: { warn(message: string): void };
  now?: () => number;
}

/**
 * Answers requests to sleeping sandboxes (their Ingresses point here while
 * they sleep): records one wake request on the Sandbox, shows browsers a
 * waiting page that becomes the app, answers other clients 503 with
 * Retry-After or holds them when the template asks, and explains why a
 * sandbox cannot be woken.
 */
export class Waker {
  readonly #client: KubeClient;
  readonly #directory: SandboxDirectory;
  readonly #config: OperatorConfig;
  readonly #metrics: WakerMetrics;
  readonly #logger: WakerOptions['logger'];
  readonly #now: () => number;
  /** Sandbox name → when this process recorded its wake request. */
  readonly #requested = new Map<string, number>();

  constructor(options: WakerOptions) {
    this.#client = options.client;
    this.#directory = options.directory;
    this.#config = options.config;
    this.#metrics = options.metrics;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
    this.#directory.subscribe(sandbox => this.#observeWake(sandbox));
  }

  async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const assessment = this.#assess(host);
    const path = (req.url ?? '/').split('?')[0];
    if (path === WAKER_STATUS_PATH) {
      this.#json(res, assessment);
      return;
    }
    if (assessment.state === 'asleep') {
      await this.#requestWake(assessment.sandbox, host);
    }
    if (wantsHtml(req)) {
      this.#page(res, assessment);
      return;
    }
    if (assessment.state === 'cannot') {
      this.#metrics.nonBrowserRequests.inc({ outcome: 'rejected' });
      res.writeHead(assessment.reason.kind === 'refused' ? 503 : 404, {
        'content-type': 'text/plain; charset=utf-8',
      });
      res.end(`${describe(assessment.reason)}\n`);
      return;
    }
    await this.#otherClient(req, res, assessment.sandbox, host);
  }

  #assess(host: string): Assessment {
    const sandbox = this.#directory.byHost(host);
    if (!sandbox) {
      const gone = this.#directory.goneByHost(host);
      return {
        state: 'cannot',
        reason:
          gone?.expired === true
            ? { kind: 'expired', name: gone.name }
            : { kind: 'deleted', name: gone?.name },
      };
    }
    const name = sandbox.metadata.name!;
    if (sandbox.metadata.deletionTimestamp) {
      return { state: 'cannot', reason: { kind: 'deleted', name } };
    }
    if (
      sandbox.status?.phase === 'Expired' ||
      Date.parse(sandbox.spec.expiresAt) <= this.#now()
    ) {
      return { state: 'cannot', reason: { kind: 'expired', name } };
    }
    if (sandbox.spec.suspend !== true) {
      return sandbox.status?.phase === 'Ready'
        ? { state: 'ready', sandbox }
        : { state: 'waking', sandbox };
    }
    const annotations = sandbox.metadata.annotations ?? {};
    const request = parseWakeAnnotation<WakeRequest>(
      annotations[SandboxAnnotations.wakeRequest],
    );
    const refusal = parseWakeAnnotation<WakeRefusal>(
      annotations[SandboxAnnotations.wakeRefused],
    );
    if (
      refusal &&
      !request &&
      this.#now() - Date.parse(refusal.at) < REFUSAL_STANDS_MS
    ) {
      return {
        state: 'cannot',
        reason: { kind: 'refused', name, message: refusal.message },
      };
    }
    return { state: request ? 'waking' : 'asleep', sandbox };
  }

  /** Records the wake request once, however many requests arrive. */
  async #requestWake(sandbox: SandboxResource, host: string) {
    const name = sandbox.metadata.name!;
    const now = this.#now();
    const earlier = this.#requested.get(name);
    if (earlier !== undefined && now - earlier < REQUEST_DEDUP_MS) return;
    this.#requested.set(name, now);
    const request: WakeRequest = { at: new Date(now).toISOString(), host };
    try {
      await this.#client.mergePatch(SANDBOX, name, undefined, {
        metadata: {
          annotations: {
            [SandboxAnnotations.wakeRequest]: JSON.stringify(request),
          },
        },
      });
      this.#metrics.wakeRequests.inc();
    } catch (error) {
      this.#requested.delete(name);
      this.#logger.warn(
        `could not record a wake request on sandbox ${name}: ${
          (error as Error).message
        }`,
      );
    }
  }

  /** Request → Ready, for the wakes this process asked for. */
  #observeWake(sandbox: SandboxResource) {
    const name = sandbox.metadata.name!;
    const requestedAt = this.#requested.get(name);
    if (requestedAt === undefined) return;
    const annotations = sandbox.metadata.annotations ?? {};
    if (
      annotations[SandboxAnnotations.wakeRefused] &&
      !annotations[SandboxAnnotations.wakeRequest]
    ) {
      // Refused: a later wake is timed from its own first request.
      this.#requested.delete(name);
      return;
    }
    if (sandbox.spec.suspend !== true && sandbox.status?.phase === 'Ready') {
      this.#requested.delete(name);
      this.#metrics.wakeDuration.observe((this.#now() - requestedAt) / 1000);
    }
  }

  #portalLink(name?: string): string {
    const base = this.#config.portalUrl.replace(/\/+$/, '');
    return name
      ? `${base}/sandboxes/${encodeURIComponent(name)}`
      : `${base}/sandboxes`;
  }

  #page(res: http.ServerResponse, assessment: Assessment) {
    const headers = {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    };
    if (assessment.state === 'cannot') {
      const { reason } = assessment;
      this.#metrics.pages.inc({ page: reason.kind });
      res.writeHead(reason.kind === 'refused' ? 503 : 404, headers);
      res.end(cannotWakePage(reason, this.#portalLink(reason.name)));
      return;
    }
    const { sandbox } = assessment;
    const expected = this.#expectedSeconds(sandbox);
    this.#metrics.pages.inc({ page: 'waking' });
    res.writeHead(503, { ...headers, 'retry-after': String(expected) });
    res.end(
      wakingPage({
        displayName: sandbox.spec.displayName ?? sandbox.metadata.name!,
        name: sandbox.metadata.name!,
        expectedSeconds: expected,
        portalLink: this.#portalLink(sandbox.metadata.name),
      }),
    );
  }

  #json(res: http.ServerResponse, assessment: Assessment) {
    const body: Record<string, unknown> = {
      waker: true,
      state: assessment.state === 'asleep' ? 'waking' : assessment.state,
    };
    if (assessment.state === 'cannot') {
      body.state = assessment.reason.kind === 'refused' ? 'refused' : 'gone';
      body.message = describe(assessment.reason);
    } else {
      body.sandbox = assessment.sandbox.metadata.name;
      body.phase = assessment.sandbox.status?.phase;
      body.expectedSeconds = this.#expectedSeconds(assessment.sandbox);
    }
    res.writeHead(200, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
    });
    res.end(JSON.stringify(body));
  }

  #expectedSeconds(sandbox: SandboxResource): number {
    return expectedWakeSeconds(sandbox.status, this.#config.defaultWakeSeconds);
  }

  /** 503 with Retry-After, or, when the template asks, hold until Ready and pass on. */
  async #otherClient(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    sandbox: SandboxResource,
    host: string,
  ) {
    const template = this.#directory.template(sandbox.spec.templateRef.name);
    const wake = template?.spec.wake;
    const passed = req.headers[HOP_HEADER] !== undefined;
    if (wake?.nonBrowserRequests === 'hold' && !passed) {
      const ready = await this.#waitUntilReady(
        sandbox,
        (wake.holdSeconds ?? 60) * 1000,
        res,
      );
      if (ready) {
        const endpoint = template?.spec.endpoints?.find(
          e =>
            sandboxHost(
              sandbox.metadata.name!,
              e.name,
              this.#config.baseDomain,
            ) === host,
        );
        if (endpoint) {
          this.#metrics.nonBrowserRequests.inc({ outcome: 'passed-on' });
          this.#passOn(req, res, {
            service: endpoint.service,
            namespace: ready.status?.namespace ?? '',
            port: String(endpoint.port),
          });
          return;
        }
      }
      this.#metrics.nonBrowserRequests.inc({ outcome: 'timed-out' });
    } else {
      this.#metrics.nonBrowserRequests.inc({ outcome: 'rejected' });
    }
    if (res.destroyed) return;
    res.writeHead(503, {
      'content-type': 'text/plain; charset=utf-8',
      'retry-after': String(this.#expectedSeconds(sandbox)),
    });
    res.end(
      `The sandbox ${
        sandbox.metadata.name
      } is waking up; try again in about ${this.#expectedSeconds(
        sandbox,
      )} seconds.\n`,
    );
  }

  #waitUntilReady(
    sandbox: SandboxResource,
    timeoutMs: number,
    res: http.ServerResponse,
  ): Promise<SandboxResource | undefined> {
    const isReady = (s: SandboxResource) =>
      s.spec.suspend !== true && s.status?.phase === 'Ready';
    if (isReady(sandbox)) return Promise.resolve(sandbox);
    const name = sandbox.metadata.name;
    return new Promise(resolve => {
      const cleanUp: Array<() => void> = [];
      const finish = (value: SandboxResource | undefined) => {
        for (const step of cleanUp) step();
        resolve(value);
      };
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      cleanUp.push(() => clearTimeout(timer));
      cleanUp.push(
        this.#directory.subscribe(changed => {
          if (changed.metadata.name === name && isReady(changed))
            finish(changed);
        }),
      );
      // The client gave up: nothing left to pass on.
      const onClose = () => finish(undefined);
      res.once('close', onClose);
      cleanUp.push(() => res.off('close', onClose));
    });
  }

  #passOn(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    values: Record<string, string>,
  ) {
    const target = new URL(
      this.#config.passOnUrl.replace(
        /\{(service|namespace|port)\}/g,
        (_m, key: string) => values[key],
      ),
    );
    const upstream = http.request(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, [HOP_HEADER]: '1' },
      },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', error => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`The sandbox is awake but did not answer: ${error.message}\n`);
    });
    req.pipe(upstream);
  }
}

/** Browsers navigating ask for HTML; API clients, curl and fetch() do not. */
function wantsHtml(req: http.IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('text/html');
}

function describe(reason: CannotWakeReason): string {
  switch (reason.kind) {
    case 'expired':
      return `The sandbox ${reason.name} has expired and was removed.`;
    case 'deleted':
      return reason.name
        ? `The sandbox ${reason.name} was deleted.`
        : 'No sandbox answers at this address.';
    default:
      return reason.message;
  }
}
