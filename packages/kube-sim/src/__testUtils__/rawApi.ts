import type { KubeSim } from '../startKubeSim';

/** A raw JSON answer of the simulator: status code and parsed body. */
export type RawAnswer = { status: number; body: any };

/** Sends a request (a JSON body, if any) with fetch, as a client that checks nothing itself would. */
export async function sendJson(
  sim: KubeSim,
  method: string,
  path: string,
  body?: unknown,
): Promise<RawAnswer> {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** POSTs a JSON body. */
export function postJson(
  sim: KubeSim,
  path: string,
  body: unknown,
): Promise<RawAnswer> {
  return sendJson(sim, 'POST', path, body);
}

/** The causes of a 422 Invalid, one `reason field: message` line each. */
export function causesOf(res: RawAnswer): string[] {
  return (res.body.details?.causes ?? []).map(
    (c: any) => `${c.reason} ${c.field}: ${c.message}`,
  );
}
