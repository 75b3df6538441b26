import { DateTime } from 'luxon';

/** How long to keep a sandbox awake: some hours from now, or until a time of day ("18:00"). */
export type KeepAwakeChoice = { hours: number } | { timeOfDay: string };

/** When a choice ends, and whether the sandbox's expiry cut it short. */
export interface KeepAwakeEnd {
  until: DateTime;
  cappedAtExpiry: boolean;
}

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * The moment a choice means: hours count from now; a time of day is its next
 * occurrence (today, or tomorrow once it has passed). Never later than the
 * sandbox's expiry, since nothing is left to keep awake after it. Undefined
 * for a time of day that is not HH:mm.
 */
export function keepAwakeEnd(
  choice: KeepAwakeChoice,
  expiresAt: string,
  now: DateTime = DateTime.now(),
): KeepAwakeEnd | undefined {
  let until: DateTime;
  if ('hours' in choice) {
    until = now.plus({ hours: choice.hours });
  } else {
    const match = TIME_OF_DAY.exec(choice.timeOfDay);
    if (!match) {
      return undefined;
    }
    until = now.set({
      hour: Number(match[1]),
      minute: Number(match[2]),
      second: 0,
      millisecond: 0,
    });
    if (until <= now) {
      until = until.plus({ days: 1 });
    }
  }
  const expiry = DateTime.fromISO(expiresAt);
  if (expiry.isValid && expiry < until) {
    return { until: expiry, cappedAtExpiry: true };
  }
  return { until, cappedAtExpiry: false };
}
