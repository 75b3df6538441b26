import { ResponseError } from '@backstage/errors';
import { asQuotaRefusal } from './quota';

async function errorWith(status: number, headers: Record<string, string>) {
  const body = JSON.stringify({
    error: { name: 'QuotaExceededError', message: 'per-user quota 3' },
    response: { statusCode: status },
  });
  return ResponseError.fromResponse({
    headers: new Headers({ 'Content-Type': 'application/json', ...headers }),
    ok: false,
    redirected: false,
    status,
    statusText: 'x',
    type: 'basic',
    url: 'http://x',
    text: async () => body,
  });
}

describe('asQuotaRefusal', () => {
  const now = new Date('2026-11-23T14:00:00Z');

  it('reads Retry-After seconds into the time a slot frees up', async () => {
    const refusal = asQuotaRefusal(
      await errorWith(429, { 'Retry-After': '120' }),
      now,
    );
    expect(refusal).toEqual({
      message: 'per-user quota 3',
      retryAt: new Date('2026-11-23T14:02:00Z'),
    });
  });

  it('reads Retry-After given as an HTTP date', async () => {
    const refusal = asQuotaRefusal(
      await errorWith(429, { 'Retry-After': 'Mon, 23 Nov 2026 15:00:00 GMT' }),
      now,
    );
    expect(refusal?.retryAt).toEqual(new Date('2026-11-23T15:00:00Z'));
  });

  it('ignores errors that are not quota refusals', async () => {
    expect(asQuotaRefusal(await errorWith(500, {}), now)).toBeUndefined();
    expect(asQuotaRefusal(new Error('boom'), now)).toBeUndefined();
  });
});
