import { DateTime } from 'luxon';
import { aSandbox } from '../__testUtils__/fixtures';
import { isTransient, statusHeadline, statusWord } from './status';

const now = DateTime.fromISO('2026-11-23T15:00:00');

describe('status words', () => {
  it('names phases in plain words', () => {
    expect(statusWord('Provisioning').label).toBe('Starting…');
    expect(statusWord('Suspended').label).toBe('Sleeping');
    expect(statusWord('Resuming').label).toBe('Waking up…');
    expect(statusWord('Ready').tone).toBe('ok');
    expect(statusWord('Failed').tone).toBe('error');
  });

  it('treats starting and waking up as changing on their own', () => {
    expect(isTransient('Provisioning')).toBe(true);
    expect(isTransient('Ready')).toBe(false);
  });

  it('says since when and why a sandbox sleeps, and offers to wake it', () => {
    const headline = statusHeadline(
      aSandbox({
        phase: 'Suspended',
        suspended: true,
        suspendReason: 'nobody used it for 30 minutes',
        conditions: [
          {
            type: 'Suspended',
            status: 'True',
            reason: 'Idle',
            message: 'scaled down',
            lastTransitionTime: '2026-11-23T14:02:00',
          },
        ],
      }),
      now,
    );
    expect(headline.title).toBe(
      'Sleeping since 14:02 because nobody used it for 30 minutes',
    );
    expect(headline.offerWake).toBe(true);
  });

  it('explains a failure with the message of the failing condition', () => {
    const headline = statusHeadline(
      aSandbox({
        phase: 'Failed',
        conditions: [
          {
            type: 'ResourcesApplied',
            status: 'False',
            reason: 'ApplyFailed',
            message: 'Deployment api: image not found',
            lastTransitionTime: '2026-11-23T14:02:00',
          },
        ],
      }),
      now,
    );
    expect(headline.detail).toBe('Deployment api: image not found');
  });

  it('tells a ready sandbox where to open it', () => {
    expect(statusHeadline(aSandbox({ url: 'https://x.example' }), now)).toEqual(
      {
        title: 'Your sandbox is ready',
        detail: 'Open it at https://x.example',
      },
    );
  });
});
