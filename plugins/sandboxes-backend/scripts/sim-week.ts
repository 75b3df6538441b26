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

/**
 * SIM_CONFIRM: refuses a scale-down the previous cycle did not ask for too,
 * so only an idle verdict held on two consecutive cycles is carried out (the
 * refused attempt keeps the autoscaler's warning state, so it asks again).
 */
class ConfirmingFleet extends InMemoryFleet {
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

/** The idle window (minutes) of the autoscaler run; baselines are judged against it too. */
const WINDOW = Number(process.env.SIM_WINDOW ?? 30);

async function simulateAutoscaler(
  fleetSpec: SimSandbox[],
  sums: Map<string, Float64Array>,
): Promise<Outcome & { invisibleTail: number; cpuMs: number; wallMs: number }> {
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
    : new InMemoryFleet({ clock });
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
            idleWindowMinutes: WINDOW,
            warnBeforeMinutes: Math.min(5, WINDOW / 3),
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
  // Per sandbox: minute it went down (or -1 while up), and ready-again times.
  const downSince = new Map<string, number>();
  let replicaMinutes = 0;
  let downWithTrafficInWindow = 0;
  let invisibleTail = 0;
  let requestsWhileDown = 0;
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
      if (sumIn(p, t - WINDOW, t) > 0) {
        downWithTrafficInWindow += 1;
        if (sumIn(p, t - WINDOW, t - LAG) === 0) invisibleTail += 1;
      }
    }
    for (const r of fleet.resumptions.slice(resumptionsBefore)) {
      const since = downSince.get(r.sandbox)!;
      const traffic = byName.get(r.sandbox)!.traffic;
      let first = since;
      while (first < t && traffic[first] === 0) first++;
      // The first request lands somewhere in its minute; pods are Ready a little after resume.
      wakeMinutes.push(t - (first + random()) + RESUME_TO_READY_MINUTES);
      downSince.delete(r.sandbox);
    }
    // This minute's requests: served when up, refused while down.
    for (const s of fleetSpec) {
      if (downSince.has(s.name)) {
        if (s.traffic[t] > 0) {
          requestsWhileDown += s.traffic[t];
          hitWhileDown.add(s.name);
        }
      } else {
        replicaMinutes += s.replicas;
      }
    }
  }
  const cpu = process.cpuUsage(cpu0);
  const result = {
    name: `idle autoscaler (${WINDOW} min window, ${Math.min(
      5,
      WINDOW / 3,
    )} min warning, wake on requests${
      process.env.SIM_CONFIRM ? ', idle confirmed on 2 cycles' : ''
    }${LAG === 1 ? '' : `, metrics lag ${LAG} min`})`,
    replicaHours: replicaMinutes / 60,
    downWithTrafficInWindow,
    invisibleTail,
    requestsWhileDown,
    sandboxesHitWhileDown: hitWhileDown.size,
    wakeMinutes,
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
        if (m > 0 && up(m - 1) && sumIn(p, m - WINDOW, m) > 0)
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
      if (m === expiresAt && sumIn(p, m - WINDOW, m) > 0)
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

function report(o: Outcome, alwaysOn: number) {
  const saved = 100 * (1 - o.replicaHours / alwaysOn);
  console.log(`\n${o.name}`);
  console.log(
    `  replica-hours used: ${o.replicaHours.toFixed(0)} (saved ${saved.toFixed(
      1,
    )} % vs always-on)`,
  );
  console.log(
    `  taken down with traffic in the ${WINDOW} min before: ${o.downWithTrafficInWindow}`,
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
  const windows = [...new Set([1, 5, 10, 15, WINDOW])].sort((a, b) => a - b);
  console.log(
    `upper bound of savings for an idle rule with a window of ${windows
      .map(w => `${w} min: ${boundSaved(w).toFixed(1)} %`)
      .join('; ')}`,
  );
  const autoscaled = await simulateAutoscaler(fleetSpec, sums);
  report(autoscaled, alwaysOn);
  console.log(
    `    of which requests fell only in the last ${LAG} min not yet visible to the metrics source: ${autoscaled.invisibleTail}`,
  );
  console.log(
    `  backend cost: ${MINUTES} cycles in ${(autoscaled.wallMs / 1000).toFixed(
      1,
    )} s wall, ${(autoscaled.cpuMs / 1000).toFixed(1)} s CPU (${(
      autoscaled.wallMs / MINUTES
    ).toFixed(1)} ms per cycle)`,
  );
  report(simulateNightlySchedule(fleetSpec, sums), alwaysOn);
  report(simulateTtl(fleetSpec, sums), alwaysOn);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
