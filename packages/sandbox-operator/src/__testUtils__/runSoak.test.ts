import { runSoak } from './runSoak';

jest.setTimeout(120_000);

describe('fault soak', () => {
  it('converges with failing requests, dropped watches, compacted history and operator crashes', async () => {
    const result = await runSoak({
      operations: 40,
      restarts: 2,
      convergeTimeoutMs: 60_000,
    });
    expect(result.restarts).toBe(2);
    expect(result.injectedFaults).toBeGreaterThan(0);
    expect(result.problems).toEqual([]);
  });
});
