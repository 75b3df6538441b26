import knexFactory, { Knex } from 'knex';
import { OffHoursSchedule } from './config';
import { DatabaseAutoscalerStore } from './DatabaseAutoscalerStore';
import {
  findDueScheduleEvents,
  keptAsleepBySchedule,
  markScheduleEventsFired,
  scheduleApplies,
} from './offHours';

const nights: OffHoursSchedule = {
  name: 'nights',
  templates: [],
  owners: ['group:default/team-a'],
  suspendCron: '0 19 * * 1-5',
  resumeCron: '0 7 * * 1-5',
  timeZone: 'Europe/Berlin',
};

describe('off-hours schedules', () => {
  let knex: Knex;
  beforeEach(() => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
  });
  afterEach(() => knex.destroy());

  it('fires a suspend occurrence in its time zone once, and catches up only a recent one', async () => {
    const store = await DatabaseAutoscalerStore.create({ knex });
    // 19:00 in Berlin on Friday 2027-01-15 is 18:00 UTC.
    const firedAt = Date.parse('2027-01-15T18:00:00Z');
    const due = async (iso: string) =>
      findDueScheduleEvents({
        schedules: [nights],
        store,
        now: Date.parse(iso),
      });

    expect(await due('2027-01-15T17:59:00Z')).toEqual([]);
    const events = await due('2027-01-15T18:10:00Z');
    expect(events).toEqual([{ schedule: nights, kind: 'suspend', firedAt }]);
    await markScheduleEventsFired(store, events);
    expect(await due('2027-01-15T18:11:00Z')).toEqual([]);
    // Monday 07:00 Berlin: the resume occurrence.
    expect(await due('2027-01-18T06:00:30Z')).toEqual([
      {
        schedule: nights,
        kind: 'resume',
        firedAt: Date.parse('2027-01-18T06:00:00Z'),
      },
    ]);
    // A backend down over 19:00 and back at 19:30 suspends nobody at 19:30:
    // people would not expect it, and the resume of 07:00 is long past too.
    expect(await due('2027-01-18T18:30:00Z')).toEqual([]);
  });

  // A night owl's schedule, at a time clocks skip or repeat once a year.
  const twoThirty: OffHoursSchedule = {
    ...nights,
    suspendCron: '30 2 * * *',
    resumeCron: undefined,
  };
  const dueAt = (store: DatabaseAutoscalerStore) => async (iso: string) => {
    const events = await findDueScheduleEvents({
      schedules: [twoThirty],
      store,
      now: Date.parse(iso),
    });
    await markScheduleEventsFired(store, events);
    return events.map(e => new Date(e.firedAt).toISOString());
  };

  it('fires once in the hour that repeats when clocks go back', async () => {
    const due = dueAt(await DatabaseAutoscalerStore.create({ knex }));
    // Berlin, 25 Oct 2026: 03:00 summer time becomes 02:00 winter time at
    // 01:00 UTC, so 02:30 happens at 00:30 UTC and again at 01:30 UTC.
    expect(await due('2026-10-25T00:31:00Z')).toEqual([
      '2026-10-25T00:30:00.000Z',
    ]);
    expect(await due('2026-10-25T01:31:00Z')).toEqual([]);
    expect(await due('2026-10-26T01:31:00Z')).toEqual([
      '2026-10-26T01:30:00.000Z',
    ]);
  });

  it('fires at the jump a time that clocks skip when they go forward', async () => {
    const due = dueAt(await DatabaseAutoscalerStore.create({ knex }));
    // Berlin, 28 Mar 2027: 02:00 winter time becomes 03:00 summer time at
    // 01:00 UTC; there is no 02:30 that night.
    expect(await due('2027-03-27T01:31:00Z')).toEqual([
      '2027-03-27T01:30:00.000Z',
    ]);
    expect(await due('2027-03-28T00:59:00Z')).toEqual([]);
    expect(await due('2027-03-28T01:01:00Z')).toEqual([
      '2027-03-28T01:00:00.000Z',
    ]);
    expect(await due('2027-03-28T01:31:00Z')).toEqual([]);
    expect(await due('2027-03-29T00:31:00Z')).toEqual([
      '2027-03-29T00:30:00.000Z',
    ]);
  });

  it('applies to the templates and owners it names', () => {
    const base = {
      name: 'x',
      cluster: 'local',
      phase: 'Ready' as const,
      suspended: false,
      createdAt: new Date(0),
      components: [],
    };
    expect(
      scheduleApplies(nights, {
        ...base,
        owner: 'group:default/team-a',
        template: 'any',
      }),
    ).toBe(true);
    expect(
      scheduleApplies(nights, {
        ...base,
        owner: 'user:default/joe',
        template: 'any',
      }),
    ).toBe(false);
    expect(
      scheduleApplies(
        { ...nights, owners: [], templates: ['web-app'] },
        { ...base, owner: 'u', template: 'db' },
      ),
    ).toBe(false);
  });
});

describe('a request to a sandbox an off-hours schedule put to sleep', () => {
  // UTC+14 all year: its nights fall on other UTC dates, so a check that
  // read UTC or the machine's zone would get the window wrong.
  const islandNights: OffHoursSchedule = {
    ...nights,
    name: 'island-nights',
    timeZone: 'Pacific/Kiritimati',
  };
  const bySchedule = { suspendedBy: 'schedule:island-nights' };
  const keptAt = (
    iso: string,
    state: { suspendedBy?: string } = bySchedule,
    schedules = [islandNights],
  ) => keptAsleepBySchedule({ state, schedules, now: Date.parse(iso) });

  it("is refused while the off-hours are on, saying until when in the schedule's zone", () => {
    // Saturday 02:00 in Kiritimati (Friday 12:00 UTC): after Friday's 19:00.
    expect(keptAt('2027-01-15T12:00:00Z')).toBe(
      "The off-hours schedule 'island-nights' keeps it asleep until Mon 07:00 (Pacific/Kiritimati); its owner can wake it from its page in the portal.",
    );
    // Monday 06:59 there: still on.
    expect(keptAt('2027-01-17T16:59:00Z')).toContain('until Mon 07:00');
  });

  it('wakes it once the off-hours are over, although the schedule put it to sleep', () => {
    // Monday 07:00 in Kiritimati is Sunday 17:00 UTC: the resume occurrence
    // passed (say the backend was down then and missed it).
    expect(keptAt('2027-01-17T17:00:00Z')).toBeUndefined();
    // Friday 18:59 there: the working day, before that evening's 19:00.
    expect(keptAt('2027-01-15T04:59:00Z')).toBeUndefined();
  });

  it('wakes it when something other than a schedule put it to sleep, the schedule is gone, or it has no resume time', () => {
    const night = '2027-01-15T12:00:00Z';
    expect(keptAt(night, { suspendedBy: 'idle' })).toBeUndefined();
    expect(keptAt(night, {})).toBeUndefined();
    expect(keptAt(night, bySchedule, [])).toBeUndefined();
    expect(
      keptAt(night, bySchedule, [{ ...islandNights, resumeCron: undefined }]),
    ).toBeUndefined();
  });
});
