import { DateTime, Settings } from 'luxon';
import {
  clockTime,
  durationChoices,
  formatMinutes,
  relativeTime,
  timeLeft,
} from './time';

const now = DateTime.fromISO('2026-11-23T14:30:00');

describe('time words', () => {
  it('says how long is left before expiry in plain words', () => {
    expect(timeLeft(now.plus({ minutes: 42 }).toISO()!, now)).toBe(
      'Expires in 42 minutes',
    );
    expect(timeLeft(now.minus({ minutes: 5 }).toISO()!, now)).toBe(
      'Expired 5 minutes ago',
    );
  });

  it('rounds to the nearest minute instead of truncating', () => {
    expect(
      relativeTime(now.plus({ minutes: 9, seconds: 50 }).toISO()!, now),
    ).toBe('in 10 minutes');
  });

  it('says "just now" for times within a few seconds', () => {
    expect(relativeTime(now.minus({ seconds: 10 }).toISO()!, now)).toBe(
      'just now',
    );
  });

  it('shows a clock time for today and adds the date for other days', () => {
    expect(clockTime('2026-11-23T14:02:00', now)).toBe('14:02');
    expect(clockTime('2026-11-20T09:15:00', now)).toBe('20 Nov, 09:15');
    expect(clockTime('2025-01-02T09:15:00', now)).toBe('2 Jan 2025, 09:15');
  });

  it('says times in English whatever the language of the browser', () => {
    const machineLocale = Settings.defaultLocale;
    Settings.defaultLocale = 'de-DE';
    try {
      const german = DateTime.fromISO('2026-11-23T14:30:00');
      expect(timeLeft(german.plus({ minutes: 42 }).toISO()!, german)).toBe(
        'Expires in 42 minutes',
      );
      expect(clockTime('2026-03-20T09:15:00', german)).toBe('20 Mar, 09:15');
    } finally {
      Settings.defaultLocale = machineLocale;
    }
  });

  it('writes durations in days, hours and minutes', () => {
    expect(formatMinutes(30)).toBe('30 minutes');
    expect(formatMinutes(60)).toBe('1 hour');
    expect(formatMinutes(90)).toBe('1 hour 30 minutes');
    expect(formatMinutes(1440 + 120)).toBe('1 day 2 hours');
  });

  it('offers durations up to the maximum, including the default and the maximum', () => {
    expect(durationChoices(180, [45])).toEqual([15, 30, 45, 60, 120, 180]);
  });
});
