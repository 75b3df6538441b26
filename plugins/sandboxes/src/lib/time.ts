import { DateTime } from 'luxon';

/**
 * The interface's words are English, so times said in words are too, whatever
 * the browser's language ("Expires in 5 minutes", never "Expires in 5 Minuten").
 */
const WORDS_LOCALE = 'en-US';

/** "in 42 minutes" / "3 hours ago", relative to `now`. */
export function relativeTime(iso: string, now: DateTime = DateTime.now()) {
  const time = DateTime.fromISO(iso);
  if (!time.isValid) {
    return 'unknown time';
  }
  if (Math.abs(time.diff(now).as('seconds')) < 45) {
    return 'just now';
  }
  // Luxon truncates ("in 9 minutes" for 9:59); people expect rounding.
  const minutes = Math.round(time.diff(now).as('minutes'));
  return (
    now.plus({ minutes }).toRelative({ base: now, locale: WORDS_LOCALE }) ??
    'unknown time'
  );
}

/** "14:02" today, "23 Nov, 14:02" another day, with the year when it differs. */
export function clockTime(iso: string, now: DateTime = DateTime.now()) {
  const time = DateTime.fromISO(iso);
  if (!time.isValid) {
    return 'unknown time';
  }
  if (time.hasSame(now, 'day')) {
    return time.toFormat('HH:mm', { locale: WORDS_LOCALE });
  }
  if (time.hasSame(now, 'year')) {
    return time.toFormat('d LLL, HH:mm', { locale: WORDS_LOCALE });
  }
  return time.toFormat('d LLL yyyy, HH:mm', { locale: WORDS_LOCALE });
}

/** Full date and time for tooltips and engineer details. */
export function absoluteTime(iso: string) {
  const time = DateTime.fromISO(iso);
  return time.isValid
    ? time.toLocaleString(DateTime.DATETIME_MED_WITH_SECONDS)
    : 'unknown time';
}

/** "Expires in 42 minutes", "Expired 5 minutes ago". */
export function timeLeft(expiresAt: string, now: DateTime = DateTime.now()) {
  const time = DateTime.fromISO(expiresAt);
  if (!time.isValid) {
    return 'No expiry known';
  }
  return time <= now
    ? `Expired ${relativeTime(expiresAt, now)}`
    : `Expires ${relativeTime(expiresAt, now)}`;
}

/** 30 → "30 minutes", 60 → "1 hour", 90 → "1 hour 30 minutes", 1440 → "1 day". */
export function formatMinutes(totalMinutes: number) {
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = Math.round(totalMinutes % 60);
  const parts: string[] = [];
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (days) parts.push(unit(days, 'day'));
  if (hours) parts.push(unit(hours, 'hour'));
  if (minutes || parts.length === 0) parts.push(unit(minutes, 'minute'));
  return parts.join(' ');
}

const COMMON_DURATIONS = [15, 30, 60, 120, 240, 480, 1440, 2880, 10080];

/**
 * Durations offered in a select: the common ones that fit under `max`, plus
 * the default and the maximum themselves, ascending.
 */
export function durationChoices(max: number, include: number[] = []) {
  const choices = new Set<number>(COMMON_DURATIONS.filter(m => m <= max));
  for (const m of [...include, max]) {
    if (m > 0 && m <= max) choices.add(m);
  }
  return [...choices].sort((a, b) => a - b);
}
