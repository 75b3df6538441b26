import { StatusError } from '../errors/StatusError';

/** Status codes fault injection can answer with. */
export type FaultCode = 409 | 429 | 500 | 503 | 504;

/** A rule that fails the next matching requests. */
export interface FailNextOptions {
  /** HTTP method to match (any when absent). */
  method?: string;
  /** Matched against the path and query string; a string matches as a substring. */
  pathPattern?: RegExp | string;
  /** How many matching requests fail (default 1). */
  count?: number;
  code: FaultCode;
  /** Sent as the Retry-After header and details.retryAfterSeconds. */
  retryAfterSeconds?: number;
  message?: string;
}

/** Random failures on a share of requests. */
export interface FailRateOptions {
  /** 0..1 */
  rate: number;
  codes?: FaultCode[];
  method?: string;
  pathPattern?: RegExp | string;
}

/** Watch connections the faults can end. */
export interface WatchControl {
  endAll(): void;
  destroyAll(): void;
}

/** History control for compactHistory(). */
export interface HistoryControl {
  compact(): void;
}

const REASONS: Record<number, string> = {
  409: 'Conflict',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

const MESSAGES: Record<number, string> = {
  409: 'Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again',
  429: 'Too many requests, please try again later.',
  500: 'Internal error occurred: injected by kube-sim',
  503: 'The server is currently unable to handle the request (injected by kube-sim)',
  504: 'The server was unable to return a response in the time allotted (injected by kube-sim)',
};

function matches(pattern: RegExp | string | undefined, path: string): boolean {
  if (pattern === undefined) return true;
  return typeof pattern === 'string'
    ? path.includes(pattern)
    : pattern.test(path);
}

/** Fault injection for tests: failures, latency, watch drops and history compaction. */
export class Faults {
  #rules: Array<Required<Pick<FailNextOptions, 'count'>> & FailNextOptions> =
    [];
  #rate?: FailRateOptions;
  #latencyMs = 0;
  readonly #watches: WatchControl;
  readonly #history: HistoryControl;
  #injected = 0;

  constructor(watches: WatchControl, history: HistoryControl) {
    this.#watches = watches;
    this.#history = history;
  }

  /** Fails the next `count` requests that match method and path with `code`. */
  failNext(options: FailNextOptions): void {
    this.#rules.push({ ...options, count: options.count ?? 1 });
  }

  /** Fails a random share of matching requests until cleared with rate 0. */
  failRate(options: FailRateOptions): void {
    this.#rate = options.rate > 0 ? options : undefined;
  }

  /** Adds latency to every request (0 to remove). */
  setLatency(ms: number): void {
    this.#latencyMs = Math.max(0, ms);
  }

  get latencyMs(): number {
    return this.#latencyMs;
  }

  /** How many requests fault injection has failed so far. */
  get injectedCount(): number {
    return this.#injected;
  }

  /** Ends every open watch stream cleanly. */
  dropWatches(): void {
    this.#watches.endAll();
  }

  /** Destroys the sockets of every open watch. */
  resetWatches(): void {
    this.#watches.destroyAll();
  }

  /** Forgets watch history: watches from older resourceVersions get 410 Expired. */
  compactHistory(): void {
    this.#history.compact();
  }

  /** Removes every rule, the failure rate and latency. */
  clear(): void {
    this.#rules = [];
    this.#rate = undefined;
    this.#latencyMs = 0;
  }

  /** The error to answer a request with, if a fault applies to it. */
  check(method: string, pathAndQuery: string): StatusError | undefined {
    const index = this.#rules.findIndex(
      r =>
        (!r.method || r.method.toUpperCase() === method) &&
        matches(r.pathPattern, pathAndQuery),
    );
    if (index >= 0) {
      const rule = this.#rules[index];
      rule.count--;
      if (rule.count <= 0) this.#rules.splice(index, 1);
      return this.#error(rule.code, rule.retryAfterSeconds, rule.message);
    }
    const rate = this.#rate;
    if (
      rate &&
      (!rate.method || rate.method.toUpperCase() === method) &&
      matches(rate.pathPattern, pathAndQuery) &&
      Math.random() < rate.rate
    ) {
      const codes: FaultCode[] = rate.codes?.length ? rate.codes : [500];
      return this.#error(codes[Math.floor(Math.random() * codes.length)], 1);
    }
    return undefined;
  }

  #error(
    code: FaultCode,
    retryAfterSeconds?: number,
    message?: string,
  ): StatusError {
    this.#injected++;
    const retry = retryAfterSeconds ?? (code === 429 ? 1 : undefined);
    return new StatusError(
      code,
      REASONS[code] ?? 'InternalError',
      message ?? MESSAGES[code] ?? 'injected',
      {
        ...(retry !== undefined ? { retryAfterSeconds: retry } : {}),
        causes: [
          {
            reason: 'UnexpectedServerResponse',
            message: 'injected by kube-sim',
          },
        ],
      },
    );
  }
}
