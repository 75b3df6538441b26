import { DateTime } from 'luxon';
import { keepAwakeEnd } from './keepAwake';

const now = DateTime.fromISO('2026-11-24T14:02:00');
const inTwoDays = now.plus({ days: 2 }).toISO()!;

describe('keepAwakeEnd', () => {
  it('counts hours from now', () => {
    expect(keepAwakeEnd({ hours: 4 }, inTwoDays, now)).toEqual({
      until: DateTime.fromISO('2026-11-24T18:02:00'),
      cappedAtExpiry: false,
    });
  });

  it('keeps awake until a time later today', () => {
    const end = keepAwakeEnd({ timeOfDay: '18:00' }, inTwoDays, now);
    expect(end?.until.toISO()).toBe(
      DateTime.fromISO('2026-11-24T18:00:00').toISO(),
    );
    expect(end?.cappedAtExpiry).toBe(false);
  });

  it('takes a time that has passed today as tomorrow', () => {
    const end = keepAwakeEnd({ timeOfDay: '09:30' }, inTwoDays, now);
    expect(end?.until.toISO()).toBe(
      DateTime.fromISO('2026-11-25T09:30:00').toISO(),
    );
  });

  it('never goes past the expiry', () => {
    const expiresAt = '2026-11-24T17:00:00';
    const end = keepAwakeEnd({ timeOfDay: '18:00' }, expiresAt, now);
    expect(end?.until.toISO()).toBe(DateTime.fromISO(expiresAt).toISO());
    expect(end?.cappedAtExpiry).toBe(true);
    expect(keepAwakeEnd({ hours: 8 }, expiresAt, now)?.cappedAtExpiry).toBe(
      true,
    );
  });

  it('refuses a time of day that is not HH:mm', () => {
    for (const timeOfDay of ['', '24:00', '18', '6:00pm', '18:60']) {
      expect(keepAwakeEnd({ timeOfDay }, inTwoDays, now)).toBeUndefined();
    }
  });
});
