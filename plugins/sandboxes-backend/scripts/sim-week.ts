/*
 * A simulated week of a 500-sandbox fleet under the idle autoscaler (the real
 * SandboxAutoscaler, its SQLite store, the in-memory fleet), compared with two
 * baselines on the same traffic: a fixed nightly schedule (kube-downscaler
 * style) and a fixed TTL with no sleep.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs scripts/sim-week.ts
 *
 * Traffic is per minute, seeded (SIM_SEED), from four kinds of users in five
 * time zones: office hours with lunch and meetings, office hours plus nightly
 * test runs, sandboxes used once and forgotten, and sporadic demo/support use.
 * The metrics source sees traffic with one minute of lag (scrape interval and
 * ingestion), like a real Prometheus; SIM_LAG=0 removes it.
 *
 * Each idle window (SIM_WINDOWS, default 30,10,5 minutes) is run three ways:
 *  - metrics-only: the autoscaler alone wakes a sleeping sandbox, when its
 *    metrics show requests again; until then requests meet a Service without
 *    endpoints (errors). This is how it worked before the waker.
 *  - request-driven: the waker (issue 16) as built. The operator routes a
 *    sleeping sandbox's Ingresses to the waker before scaling it down; its
 *    first request gets the waiting page at once and records a wake request,
 *    which the backend's watch turns into a resume at once (no metrics cycle);
 *    requests until the sandbox is Ready get the waiting page (or 503 with
 *    Retry-After, or are held). The autoscaler's own metrics wake stays on.
 *  - the same with the autoscaler's metrics wake off (wakeOnRequests: false).
 * The resume time (wake request → Ready) is SIM_RESUME_SECONDS, a list: the
 * first is used for the waits, each gives a count of waiting-page requests.
 * Pass the figure bench-wake.ts measures (operator + kube-sim) and the one a
 * real cluster needs for pods to start (45 s assumed, images cached).
 *
 * SIM_CONFIRM=1 is an experiment with a rule the autoscaler does not have:
 * a scale-down is carried out only when the idle verdict already held on the
 * previous cycle (two idle observations one cycle apart). It measures that
 * such a confirmation only moves the blind spot (README, Performance).
 */
import { ConfigReader } from '@backstage/config';
import {
  SandboxActivityRequest,
  SandboxMetricsSource,
} from '@sandboxkit/backstage-plugin-sandboxes-node';
import knexFactory from 'knex';
import { readAutoscalerConfig } from '../src/autoscaler/config';
import { DatabaseAutoscalerStore } from '../src/autoscaler/DatabaseAutoscalerStore';
import { SandboxAutoscaler } from '../src/autoscaler/SandboxAutoscaler';
import { SuspendOptions } from '../src/autoscaler/types';
import { InMemoryFleet } from '../src/autoscaler/__testUtils__/InMemoryFleet';

const SANDBOXES = Number(process.env.SIM_SANDBOXES ?? 500);
const MINUTES = 7 * 24 * 60;
const WEEK_START = Date.parse('2027-01-04T00:00:00Z'); // a Monday, no DST change
const MINUTE = 60_000;
/** Minutes of lag between a request and the metrics source seeing it. */
const LAG = Number(process.env.SIM_LAG ?? 1);
/** From spec.suspend cleared to pods Ready (operator + image already cached). */
const RESUME_TO_READY_MINUTES = 0.75;
/** Wake request → Ready (seconds) in the request-driven runs; see the header. */
const RESUME_SECONDS = (process.env.SIM_RESUME_SECONDS ?? '45')
  .split(',')
  .map(Number);
/**
 * The waker is only in the path once the ingress controller follows the
 * routing switch; the operator applies it before scaling down. Requests in
 * this many seconds after a scale-down are counted as exposed to a controller
 * that follows the switch that late (ingress-nginx reloads take seconds).
 */
const ROUTE_LAG_SECONDS = 5;
const TIME_ZONES = [
  { name: 'America/Los_Angeles', offset: -8 },
  { name: 'America/New_York', offset: -5 },
  { name: 'Europe/Berlin', offset: 1 },
  { name: 'Asia/Kolkata', offset: 5.5 },
  { name: 'Asia/Tokyo', offset: 9 },
];

let seed = Number(process.env.SIM_SEED ?? 42);
function random(): number {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const between = (a: number, b: number) => a + random() * (b - a);
const chance = (p: number) => random() < p;

interface SimSandbox {
  name: string;
  kind: 'office' | 'office+nightly-tests' | 'forgotten' | 'sporadic';
  offsetHours: number;
  replicas: number;
  /** Requests per minute of the week. */
  traffic: Uint16Array;
}

/** Adds `perMinute` requests with probability `p` each minute of [from, to) local minutes of the week. */
function addSession(
  s: SimSandbox,
  from: number,
  to: number,
  p: number,
  perMinute: () => number,
) {
  const shift = Math.round(-s.offsetHours * 60); // local → UTC minute
  for (let local = Math.floor(from); local < to; local++) {
    const m = local + shift;
    if (m < 0 || m >= MINUTES) continue;
    if (chance(p))
      s.traffic[m] = Math.min(65535, s.traffic[m] + Math.round(perMinute()));
  }
}

function officeDay(s: SimSandbox, day: number) {
  const d = day * 1440;
  const start = d + between(8.5, 10) * 60;
  const end = d + between(16.5, 18.5) * 60;
  const lunch = d + between(11.75, 12.5) * 60;
  const lunchEnd = lunch + between(35, 70);
  // Meetings and reading: gaps in the day, some longer than the idle window.
  const gaps: Array<[number, number]> = [[lunch, lunchEnd]];
  for (let i = 0; i < 3; i++) {
    const g = between(start, end);
    gaps.push([g, g + between(15, 75)]);
  }
  let t = start;
  for (const [a, b] of gaps.sort((x, y) => x[0] - y[0])) {
    if (a > t) addSession(s, t, Math.min(a, end), 0.55, () => between(1, 25));
    t = Math.max(t, b);
  }
  if (t < end) addSession(s, t, end, 0.55, () => between(1, 25));
}

/** The mix of users: 55 % office, 10 % office plus nightly tests, 15 % forgotten, 20 % sporadic. */
function kindOf(r: number): SimSandbox['kind'] {
  if (r < 0.55) return 'office';
  if (r < 0.65) return 'office+nightly-tests';
  if (r < 0.8) return 'forgotten';
  return 'sporadic';
}

function generate(): SimSandbox[] {
  const fleet: SimSandbox[] = [];
  for (let i = 0; i < SANDBOXES; i++) {
    const kind = kindOf(random());
    const s: SimSandbox = {
      name: `sb-${i}`,
      kind,
      offsetHours: TIME_ZONES[Math.floor(random() * TIME_ZONES.length)].offset,
      replicas: 1 + Math.floor(random() * 5),
      traffic: new Uint16Array(MINUTES),
    };
    for (let day = -1; day < 8; day++) {
      const weekday = ((day % 7) + 7) % 7 < 5; // the week starts on Monday
      if (kind === 'office' || kind === 'office+nightly-tests') {
        if (weekday && chance(0.9)) officeDay(s, day);
      }
      if (kind === 'office+nightly-tests') {
        // CI hammers it every night, 01:00–01:40 local.
        addSession(s, day * 1440 + 60, day * 1440 + 100, 1, () =>
          between(150, 400),
        );
      }
      if (kind === 'sporadic' && (weekday ? chance(0.85) : chance(0.2))) {
        const sessions = 2 + Math.floor(random() * 5);
        for (let k = 0; k < sessions; k++) {
          const from = day * 1440 + between(9, 18) * 60;
          addSession(s, from, from + between(5, 25), 0.7, () => between(1, 15));
        }
      }
    }
    if (kind === 'forgotten') {
      const day = Math.floor(random() * 5);
      const from = day * 1440 + between(9, 16) * 60;
      addSession(s, from, from + between(30, 180), 0.6, () => between(1, 20));
    }
    fleet.push(s);
  }
  return fleet;
}

/** Prefix sums so a window's requests cost O(1). */
function prefixSums(traffic: Uint16Array): Float64Array {
  const p = new Float64Array(traffic.length + 1);
  for (let i = 0; i < traffic.length; i++) p[i + 1] = p[i] + traffic[i];
  return p;
}
const sumIn = (p: Float64Array, from: number, to: number) =>
  p[Math.max(0, Math.min(p.length - 1, to))] -
  p[Math.max(0, Math.min(p.length - 1, from))];

/** The simulated Prometheus: requests over each window, LAG minutes behind. */
class SimulatedMetricsSource implements SandboxMetricsSource {
  readonly id = 'simulated-prometheus';
  constructor(private readonly sums: Map<string, Float64Array>) {}
  supportsCluster() {
    return true;
  }
  async queryActivity(request: SandboxActivityRequest) {
    const t = Math.round((request.at.getTime() - WEEK_START) / MINUTE);
    const byNamespace = new Map<string, Map<number, number>>();
    for (const [namespace, p] of this.sums) {
      const windows = new Map<number, number>();
      for (const w of request.windowsSeconds) {
        windows.set(w, sumIn(p, t - w / 60, t - LAG));
      }
      byNamespace.set(namespace, windows);
    }
    return {
      query: `simulated(${request.windowsSeconds.join(',')})`,
      byNamespace,
    };
  }
}

const percentile = (values: number[], q: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

interface Outcome {
  name: string;
  replicaHours: number;
  /** Sandboxes taken down although requests reached them in the idle window before. */
  downWithTrafficInWindow: number;
  /** Requests that arrived while the sandbox was down (answered with 503 / not found). */
  requestsWhileDown: number;
  sandboxesHitWhileDown: number;
  wakeMinutes: number[];
}

/** The backend and the operator in memory, plus the waker's wake: what WakeRequests → SandboxService.resume does. */
class WakingFleet extends InMemoryFleet {
  readonly #clock: () => Date;

  constructor(options: { clock: () => Date }) {
    super(options);
    this.#clock = options.clock;
  }

  wakeByRequest(name: string) {
    const sandbox = this.sandboxes.get(name)!;
    sandbox.suspended = false;
    sandbox.phase = 'Ready';
    sandbox.lastResumedAt = this.#clock();
  }
}

/**
 * SIM_CONFIRM: refuses a scale-down the previous cycle did not ask for too,
 * so only an idle verdict held on two consecutive cycles is carried out (the
 * refused attempt keeps the autoscaler's warning state, so it asks again).
 */
class ConfirmingFleet extends WakingFleet {
  readonly #askedAt = new Map<string, number>();
  readonly #now: () => Date;

  constructor(options: { clock: () => Date }) {
    super(options);
    this.#now = options.clock;
  }

  async suspend(name: string, options: SuspendOptions): Promise<void> {
    const cycle = Math.round((this.#now().getTime() - WEEK_START) / MINUTE);
    const confirmed = this.#askedAt.get(name) === cycle - 1;
    this.#askedAt.set(name, cycle);
    if (!confirmed) throw new Error('idle verdict not yet confirmed');
    this.#askedAt.delete(name);
    await super.suspend(name, options);
  }
}

/** How a sleeping sandbox's returning traffic is answered; see the header. */
interface AutoscalerRun {
  window: number;
  wake: 'metrics-only' | 'request-driven';
  metricsWake: boolean;
}

interface AutoscalerOutcome extends Outcome {
  run: AutoscalerRun;
  scaleDowns: number;
  invisibleTail: number;
  /** Request-driven: wakes recorded by the waker, and the metrics' own wakes (none of which had a request: the waker was first). */
  requestWakes: number;
  metricsWakes: number;
  /** Request-driven: requests between a wake request and Ready, per resume time. */
  waitingPage: number[];
  /** Request-driven: requests in the first ROUTE_LAG_SECONDS after a scale-down. */
  nearScaleDown: number;
  cpuMs: number;
  wallMs: number;
}

/** Requests of `traffic` in [from, to) minutes, spread evenly within each minute. */
function requestsBetween(traffic: Uint16Array, from: number, to: number) {
  let total = 0;
  for (let m = Math.floor(from); m < Math.min(to, MINUTES); m++) {
    const overlap = Math.min(to, m + 1) - Math.max(from, m);
    if (overlap > 0) total += traffic[m] * overlap;
  }
  return total;
}

async function simulateAutoscaler(
  fleetSpec: SimSandbox[],
  sums: Map<string, Float64Array>,
  run: AutoscalerRun,
): Promise<AutoscalerOutcome> {
  const { window } = run;
  const requestDriven = run.wake === 'request-driven';
  let now = new Date(WEEK_START);
  const clock = () => now;
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const store = await DatabaseAutoscalerStore.create({ knex });
  const fleet = process.env.SIM_CONFIRM
    ? new ConfirmingFleet({ clock })
    : new WakingFleet({ clock });
  for (const s of fleetSpec) {
    fleet.add({
      name: s.name,
      namespace: s.name,
      createdAt: new Date(WEEK_START - 7 * 24 * 60 * MINUTE),
      components: [
        {
          name: 'app',
          replicas: s.replicas,
          cpuCores: 0.25,
          memoryBytes: 256 * 1024 ** 2,
        },
      ],
    });
  }
  const silent = {
    info() {},
    warn() {},
    error() {},
    debug() {},
    child: () => silent,
  };
  const autoscaler = SandboxAutoscaler.create({
    config: readAutoscalerConfig(
      new ConfigReader({
        sandboxes: {
          autoscaler: {
            idleWindowMinutes: window,
            warnBeforeMinutes: Math.min(5, window / 3),
            // A grace longer than the window would keep a woken sandbox up
            // longer than the window asks; the window itself already requires
            // idleness since the start.
            startupGraceMinutes: Math.min(10, window),
            wakeOnRequests: run.metricsWake,
          },
        },
      }),
    ),
    fleet,
    store,
    logger: silent,
    metricsSources: [new SimulatedMetricsSource(sums)],
    clock,
  });
  const byName = new Map(fleetSpec.map(s => [s.name, s]));
  // Per sandbox: the minute it went down, while it is down.
  const downSince = new Map<string, number>();
  let replicaMinutes = 0;
  let scaleDowns = 0;
  let downWithTrafficInWindow = 0;
  let invisibleTail = 0;
  let requestsWhileDown = 0;
  let requestWakes = 0;
  let metricsWakes = 0;
  let nearScaleDown = 0;
  const waitingPage = RESUME_SECONDS.map(() => 0);
  const hitWhileDown = new Set<string>();
  const wakeMinutes: number[] = [];
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let t = 0; t < MINUTES; t++) {
    now = new Date(WEEK_START + t * MINUTE);
    const suspensionsBefore = fleet.suspensions.length;
    const resumptionsBefore = fleet.resumptions.length;
    await autoscaler.runCycle();
    for (const s of fleet.suspensions.slice(suspensionsBefore)) {
      const p = sums.get(s.sandbox)!;
      downSince.set(s.sandbox, t);
      scaleDowns += 1;
      if (sumIn(p, t - window, t) > 0) {
        downWithTrafficInWindow += 1;
        if (sumIn(p, t - window, t - LAG) === 0) invisibleTail += 1;
      }
      if (requestDriven) {
        const traffic = byName.get(s.sandbox)!.traffic;
        nearScaleDown += requestsBetween(
          traffic,
          t,
          t + ROUTE_LAG_SECONDS / 60,
        );
      }
    }
    for (const r of fleet.resumptions.slice(resumptionsBefore)) {
      const since = downSince.get(r.sandbox)!;
      const traffic = byName.get(r.sandbox)!.traffic;
      metricsWakes += 1;
      if (!requestDriven) {
        let first = since;
        while (first < t && traffic[first] === 0) first++;
        // The first request lands somewhere in its minute; pods are Ready a little after resume.
        wakeMinutes.push(t - (first + random()) + RESUME_TO_READY_MINUTES);
      }
      downSince.delete(r.sandbox);
    }
    // This minute's requests: served when up; while down, refused
    // (metrics-only) or answered by the waker, whose first one wakes it.
    for (const s of fleetSpec) {
      if (!downSince.has(s.name)) {
        replicaMinutes += s.replicas;
      } else if (s.traffic[t] > 0 && !requestDriven) {
        requestsWhileDown += s.traffic[t];
        hitWhileDown.add(s.name);
      } else if (s.traffic[t] > 0) {
        const wakeAt = t + random();
        fleet.wakeByRequest(s.name);
        downSince.delete(s.name);
        requestWakes += 1;
        hitWhileDown.add(s.name);
        // Woken within this minute: count the whole minute as up.
        replicaMinutes += s.replicas;
        RESUME_SECONDS.forEach((seconds, i) => {
          // The first request itself, then the rest of the minute's
          // requests spread after it, then later minutes' until Ready.
          const readyAt = wakeAt + seconds / 60;
          const rest = s.traffic[t] - 1;
          const inMinute =
            rest * Math.min(1, (readyAt - wakeAt) / (t + 1 - wakeAt));
          waitingPage[i] +=
            1 + inMinute + requestsBetween(s.traffic, t + 1, readyAt);
        });
        wakeMinutes.push(RESUME_SECONDS[0] / 60);
      }
    }
  }
  const cpu = process.cpuUsage(cpu0);
  const result: AutoscalerOutcome = {
    name: `${run.wake}${
      requestDriven && !run.metricsWake ? ', metrics wake off' : ''
    } (${window} min window)`,
    run,
    replicaHours: replicaMinutes / 60,
    scaleDowns,
    downWithTrafficInWindow,
    invisibleTail,
    requestsWhileDown,
    sandboxesHitWhileDown: hitWhileDown.size,
    wakeMinutes,
    requestWakes,
    metricsWakes,
    waitingPage: waitingPage.map(Math.round),
    nearScaleDown: Math.round(nearScaleDown),
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs: performance.now() - wall0,
  };
  await knex.destroy();
  return result;
}

/** kube-downscaler style: up Mon–Fri 07:30–20:30 Europe/Berlin, down otherwise. */
function simulateNightlySchedule(
  fleetSpec: SimSandbox[],
  sums: Map<string, Float64Array>,
  window: number,
): Outcome {
  const up = (m: number) => {
    const local = m + 60; // Berlin in January: UTC+1
    const day = Math.floor(local / 1440);
    const minuteOfDay = ((local % 1440) + 1440) % 1440;
    return day >= 0 && day < 5 && minuteOfDay >= 450 && minuteOfDay < 1230;
  };
  let replicaMinutes = 0;
  let downWithTrafficInWindow = 0;
  let requestsWhileDown = 0;
  const hit = new Set<string>();
  for (const s of fleetSpec) {
    const p = sums.get(s.name)!;
    for (let m = 0; m < MINUTES; m++) {
      if (up(m)) replicaMinutes += s.replicas;
      else {
        if (s.traffic[m] > 0) {
          requestsWhileDown += s.traffic[m];
          hit.add(s.name);
        }
        if (m > 0 && up(m - 1) && sumIn(p, m - window, m) > 0)
          downWithTrafficInWindow++;
      }
    }
  }
  return {
    name: 'fixed nightly schedule (up Mon-Fri 07:30-20:30 Europe/Berlin)',
    replicaHours: replicaMinutes / 60,
    downWithTrafficInWindow,
    requestsWhileDown,
    sandboxesHitWhileDown: hit.size,
    wakeMinutes: [],
  };
}

/** Fixed TTL, no sleep: created at first request, always on for 24 h, then deleted; recreated on the next request. */
function simulateTtl(
  fleetSpec: SimSandbox[],
  sums: Map<string, Float64Array>,
  window: number,
  ttlMinutes = 24 * 60,
  createMinutes = 3,
): Outcome {
  let replicaMinutes = 0;
  let downWithTrafficInWindow = 0;
  let requestsWhileDown = 0;
  const hit = new Set<string>();
  const waits: number[] = [];
  for (const s of fleetSpec) {
    const p = sums.get(s.name)!;
    let expiresAt = -1; // not existing
    for (let m = 0; m < MINUTES; m++) {
      if (m === expiresAt && sumIn(p, m - window, m) > 0)
        downWithTrafficInWindow++;
      const exists = m < expiresAt;
      if (!exists && s.traffic[m] > 0) {
        requestsWhileDown += s.traffic[m];
        hit.add(s.name);
        expiresAt = m + ttlMinutes;
        waits.push(createMinutes + 0.5);
      }
      if (m < expiresAt) replicaMinutes += s.replicas;
    }
  }
  return {
    name: 'fixed TTL, no sleep (24 h from first request, recreated on demand)',
    replicaHours: replicaMinutes / 60,
    downWithTrafficInWindow,
    requestsWhileDown,
    sandboxesHitWhileDown: hit.size,
    wakeMinutes: waits,
  };
}

function report(o: Outcome, alwaysOn: number, window: number) {
  const saved = 100 * (1 - o.replicaHours / alwaysOn);
  console.log(`\n${o.name}`);
  console.log(
    `  replica-hours used: ${o.replicaHours.toFixed(0)} (saved ${saved.toFixed(
      1,
    )} % vs always-on)`,
  );
  console.log(
    `  taken down with traffic in the ${window} min before: ${o.downWithTrafficInWindow}`,
  );
  console.log(
    `  requests that reached a sandbox while down: ${o.requestsWhileDown} (${o.sandboxesHitWhileDown} sandboxes)`,
  );
  if (o.wakeMinutes.length > 0) {
    console.log(
      `  returning traffic → Ready: median ${(
        percentile(o.wakeMinutes, 0.5) * 60
      ).toFixed(0)} s, p95 ${(percentile(o.wakeMinutes, 0.95) * 60).toFixed(
        0,
      )} s, worst ${(Math.max(...o.wakeMinutes) * 60).toFixed(0)} s over ${
        o.wakeMinutes.length
      } wakes`,
    );
  }
}

/** The idle windows (minutes) to run; the baselines are judged against the first. */
const WINDOWS = (process.env.SIM_WINDOWS ?? process.env.SIM_WINDOW ?? '30,10,5')
  .split(',')
  .map(Number);

const seconds = (minutes: number) => `${(minutes * 60).toFixed(0)} s`;

/** One window's runs side by side: a row per figure, a column per run. */
function compare(runs: AutoscalerOutcome[], alwaysOn: number) {
  const window = runs[0].run.window;
  console.log(
    `\nIdle window ${window} min (warning ${Math.min(5, window / 3).toFixed(
      1,
    )} min, startup grace ${Math.min(10, window)} min, metrics lag ${LAG} min)`,
  );
  const columns = runs.map(o =>
    o.run.wake === 'metrics-only'
      ? 'metrics-only wake'
      : `request-driven${o.run.metricsWake ? '' : ', no metrics wake'}`,
  );
  const rows: Array<[string, (o: AutoscalerOutcome) => string]> = [
    [
      'replica-hours saved vs always-on',
      o => `${(100 * (1 - o.replicaHours / alwaysOn)).toFixed(1)} %`,
    ],
    ['scale-downs', o => String(o.scaleDowns)],
    [
      `scale-downs with traffic in the ${window} min before`,
      o => `${o.downWithTrafficInWindow} (${o.invisibleTail} last-minute)`,
    ],
    [
      'wakes: by the waker / by metrics',
      o => `${o.requestWakes} / ${o.metricsWakes}`,
    ],
    [
      'requests that got an error',
      o =>
        o.run.wake === 'metrics-only'
          ? `${o.requestsWhileDown} (${o.sandboxesHitWhileDown} sandboxes)`
          : '0',
    ],
    ...RESUME_SECONDS.map(
      (resume, i): [string, (o: AutoscalerOutcome) => string] => [
        `requests that got a waiting page (resume ${resume} s)`,
        o => (o.run.wake === 'metrics-only' ? '-' : String(o.waitingPage[i])),
      ],
    ),
    [
      `requests ≤ ${ROUTE_LAG_SECONDS} s after a scale-down (errors if ingress lags)`,
      o => (o.run.wake === 'metrics-only' ? '-' : String(o.nearScaleDown)),
    ],
    [
      'returning request → Ready: median / longest',
      o =>
        o.wakeMinutes.length === 0
          ? '-'
          : `${seconds(percentile(o.wakeMinutes, 0.5))} / ${seconds(
              Math.max(...o.wakeMinutes),
            )}`,
    ],
    ['backend: ms per cycle', o => (o.wallMs / MINUTES).toFixed(1)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const widths = columns.map(c => Math.max(c.length, 18));
  const line = (label: string, cells: string[]) =>
    console.log(
      `  ${label.padEnd(width)}  ${cells
        .map((c, i) => c.padStart(widths[i]))
        .join('  ')}`,
    );
  line('', columns);
  for (const [label, cell] of rows) line(label, runs.map(cell));
}

async function main() {
  const fleetSpec = generate();
  const sums = new Map(fleetSpec.map(s => [s.name, prefixSums(s.traffic)]));
  const alwaysOn =
    fleetSpec.reduce((a, s) => a + s.replicas, 0) * (MINUTES / 60);
  const kinds = new Map<string, number>();
  for (const s of fleetSpec) kinds.set(s.kind, (kinds.get(s.kind) ?? 0) + 1);
  const activeMinutes = fleetSpec.reduce(
    (a, s) => a + s.traffic.filter(x => x > 0).length * s.replicas,
    0,
  );
  console.log(
    `Simulated week: ${SANDBOXES} sandboxes (${[...kinds]
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')}), seed ${process.env.SIM_SEED ?? 42}`,
  );
  console.log(
    `always-on: ${alwaysOn.toFixed(
      0,
    )} replica-hours; minutes with requests × replicas: ${(
      activeMinutes / 60
    ).toFixed(0)} replica-hours`,
  );
  // The best any idle rule with a given window can do: up exactly while a
  // request fell in the previous `window` minutes, woken instantly. Shown
  // for shorter windows too, to tell what the traffic allows at all.
  const boundSaved = (window: number) => {
    let upMinutes = 0;
    for (const s of fleetSpec) {
      const p = sums.get(s.name)!;
      for (let m = 0; m < MINUTES; m++) {
        if (sumIn(p, m - window + 1, m + 1) > 0) upMinutes += s.replicas;
      }
    }
    return 100 * (1 - upMinutes / 60 / alwaysOn);
  };
  const bounds = [...new Set([1, 2, 3, 5, 10, 15, ...WINDOWS])].sort(
    (a, b) => a - b,
  );
  console.log(
    `upper bound of savings for an idle rule with a window of ${bounds
      .map(w => `${w} min: ${boundSaved(w).toFixed(1)} %`)
      .join('; ')}`,
  );
  console.log(
    `request-driven runs: wake request → Ready ${RESUME_SECONDS.map(
      r => `${r} s`,
    ).join(' or ')} (SIM_RESUME_SECONDS; the first is used for waits)`,
  );
  for (const window of WINDOWS) {
    const runs: AutoscalerOutcome[] = [];
    for (const run of [
      { window, wake: 'metrics-only', metricsWake: true },
      { window, wake: 'request-driven', metricsWake: true },
      { window, wake: 'request-driven', metricsWake: false },
    ] as const) {
      runs.push(await simulateAutoscaler(fleetSpec, sums, run));
    }
    compare(runs, alwaysOn);
  }
  console.log(
    `\nBaselines (judged against the ${WINDOWS[0]} min window); errors are requests while down:`,
  );
  report(
    simulateNightlySchedule(fleetSpec, sums, WINDOWS[0]),
    alwaysOn,
    WINDOWS[0],
  );
  report(simulateTtl(fleetSpec, sums, WINDOWS[0]), alwaysOn, WINDOWS[0]);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
