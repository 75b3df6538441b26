import { DateTime, Settings } from 'luxon';

/**
 * The zone and wall-clock time every frontend test starts at (setupTests.ts
 * pins them before each test): a weekday morning far from midnight and from
 * a daylight-saving change, in a zone that is not UTC, so a test never
 * depends on the hour or the zone of the machine running it.
 */
export const TEST_ZONE = 'Europe/Berlin';
export const TEST_NOW = '2026-11-24T10:00:00';

/**
 * Pins the clock: `Date` (and so luxon's `DateTime.now()`) starts at
 * `localTime` in `zone`, and luxon shows times in that zone. Only `Date` is
 * faked: timers stay real so React, MUI transitions and testing-library's
 * waits behave as in a browser, and the pinned clock flows on from its start
 * so what takes time (a sandbox becoming Ready) still happens.
 */
export function pinClock(localTime: string, zone: string = TEST_ZONE) {
  const start = DateTime.fromISO(localTime, { zone });
  if (!start.isValid) {
    throw new Error(`Cannot pin the clock at ${localTime} in ${zone}`);
  }
  pinZone(zone);
  jest.useFakeTimers({
    now: start.toJSDate(),
    advanceTimers: true,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
  return start;
}

/** Shows times in `zone`, whatever the zone of the machine. */
export function pinZone(zone: string = TEST_ZONE) {
  Settings.defaultZone = zone;
}
