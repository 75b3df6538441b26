import { CronExpressionParser } from 'cron-parser';
import { DateTime, FixedOffsetZone } from 'luxon';
import { AutoscalerStore, SandboxState, ScheduleRun } from './AutoscalerStore';
import { OffHoursSchedule } from './config';
import { FleetSandbox } from './types';

/** A schedule occurrence that is due and not yet acted upon. */
export interface DueScheduleEvent {
  schedule: OffHoursSchedule;
  kind: 'suspend' | 'resume';
  /** The occurrence time (epoch ms). */
  firedAt: number;
}

/**
 * How far back a missed occurrence is still acted upon, e.g. after a restart.
 * Older ones are skipped: suspending at 10:00 because of a 19:00 rule would
 * surprise people.
 */
const CATCH_UP_MS = 15 * 60_000;

function previousOccurrence(
  cron: string,
  timeZone: string,
  now: number,
): number {
  return CronExpressionParser.parse(cron, {
    tz: timeZone,
    // prev() is strictly before currentDate; an occurrence exactly now counts.
    currentDate: new Date(now + 1000),
  })
    .prev()
    .getTime();
}

const offsetMinutes = (time: number, timeZone: string) =>
  DateTime.fromMillis(time, { zone: timeZone }).offset;

/**
 * When clocks go forward (02:00 becomes 03:00), the local times in between
 * never happen and cron-parser passes over an occurrence there. Like cron,
 * act on it at the moment of the jump. Undefined unless clocks went forward
 * between `since` and `now` and the cron had an occurrence in the lost hour.
 */
function occurrenceLostToJump(
  cron: string,
  timeZone: string,
  since: number,
  now: number,
): number | undefined {
  const before = offsetMinutes(since, timeZone);
  const after = offsetMinutes(now, timeZone);
  if (after <= before) return undefined;
  // Offsets change on a whole minute: halve the interval down to one minute.
  let low = since;
  let high = now;
  while (high - low > 60_000) {
    const middle = low + Math.floor((high - low) / 2);
    if (offsetMinutes(middle, timeZone) === before) low = middle;
    else high = middle;
  }
  const jump = Math.floor(high / 60_000) * 60_000;
  // The lost local times, read with the offset from before the jump.
  const lost = CronExpressionParser.parse(cron, {
    tz: FixedOffsetZone.instance(before).name,
    currentDate: new Date(jump + (after - before) * 60_000),
  })
    .prev()
    .getTime();
  return lost >= jump ? jump : undefined;
}

/** "2026-10-25 02:30": the same for both passes of an hour clocks repeat. */
const wallClockMinute = (time: number, timeZone: string) =>
  DateTime.fromMillis(time, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm');

function due(
  cron: string | undefined,
  schedule: OffHoursSchedule,
  lastFired: number | undefined,
  now: number,
): number | undefined {
  if (!cron) return undefined;
  const { timeZone } = schedule;
  const floor = Math.max(lastFired ?? -Infinity, now - CATCH_UP_MS);
  const occurrence = Math.max(
    previousOccurrence(cron, timeZone, now),
    occurrenceLostToJump(cron, timeZone, floor, now) ?? -Infinity,
  );
  if (occurrence <= floor) return undefined;
  // When clocks go back, cron-parser yields 02:30 twice (summer time, then
  // winter time); people mean it once.
  if (
    lastFired !== undefined &&
    wallClockMinute(lastFired, timeZone) ===
      wallClockMinute(occurrence, timeZone)
  ) {
    return undefined;
  }
  return occurrence;
}

/** The occurrences of the configured schedules that are due at `now`. */
export async function findDueScheduleEvents(options: {
  schedules: OffHoursSchedule[];
  store: AutoscalerStore;
  now: number;
}): Promise<DueScheduleEvent[]> {
  const events: DueScheduleEvent[] = [];
  for (const schedule of options.schedules) {
    const run = await options.store.getScheduleRun(schedule.name);
    const suspendAt = due(
      schedule.suspendCron,
      schedule,
      run?.suspendFiredAt,
      options.now,
    );
    const resumeAt = due(
      schedule.resumeCron,
      schedule,
      run?.resumeFiredAt,
      options.now,
    );
    if (suspendAt !== undefined) {
      events.push({ schedule, kind: 'suspend', firedAt: suspendAt });
    }
    if (resumeAt !== undefined) {
      events.push({ schedule, kind: 'resume', firedAt: resumeAt });
    }
  }
  // When both are due (a long outage), act in the order they happened.
  return events.sort((a, b) => a.firedAt - b.firedAt);
}

export async function markScheduleEventsFired(
  store: AutoscalerStore,
  events: DueScheduleEvent[],
): Promise<void> {
  const runs = new Map<string, ScheduleRun>();
  for (const event of events) {
    const name = event.schedule.name;
    const run = runs.get(name) ??
      (await store.getScheduleRun(name)) ?? { schedule: name };
    if (event.kind === 'suspend') run.suspendFiredAt = event.firedAt;
    else run.resumeFiredAt = event.firedAt;
    runs.set(name, run);
  }
  for (const run of runs.values()) await store.saveScheduleRun(run);
}

export function scheduleApplies(
  schedule: OffHoursSchedule,
  sandbox: FleetSandbox,
): boolean {
  return (
    (schedule.templates.length === 0 ||
      schedule.templates.includes(sandbox.template)) &&
    (schedule.owners.length === 0 || schedule.owners.includes(sandbox.owner))
  );
}

/**
 * Whether `schedule`'s off-hours are on at `now`: its last suspend occurrence
 * is later than its last resume occurrence, read in its time zone. A schedule
 * without a resume time only puts sandboxes to sleep; it claims no hours.
 */
export function offHoursOpen(schedule: OffHoursSchedule, now: number): boolean {
  if (!schedule.resumeCron) return false;
  const { timeZone } = schedule;
  return (
    previousOccurrence(schedule.suspendCron, timeZone, now) >
    previousOccurrence(schedule.resumeCron, timeZone, now)
  );
}

/**
 * Why an off-hours schedule keeps a sandbox asleep against a request, or
 * undefined: only when that schedule put it to sleep and its off-hours are
 * still on (a schedule since removed from the configuration keeps nothing).
 */
export function keptAsleepBySchedule(options: {
  state?: Pick<SandboxState, 'suspendedBy'>;
  schedules: OffHoursSchedule[];
  now: number;
}): string | undefined {
  const tag = 'schedule:';
  const by = options.state?.suspendedBy;
  if (!by?.startsWith(tag)) return undefined;
  const schedule = options.schedules.find(s => s.name === by.slice(tag.length));
  if (!schedule || !offHoursOpen(schedule, options.now)) return undefined;
  const until = CronExpressionParser.parse(schedule.resumeCron!, {
    tz: schedule.timeZone,
    currentDate: new Date(options.now),
  })
    .next()
    .toDate();
  const local = DateTime.fromJSDate(until, { zone: schedule.timeZone });
  return `The off-hours schedule '${
    schedule.name
  }' keeps it asleep until ${local.toFormat('ccc HH:mm')} (${
    schedule.timeZone
  }); its owner can wake it from its page in the portal.`;
}
