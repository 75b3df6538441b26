import { mapWithLimit } from './mapWithLimit';

/** Lets every pending promise callback and p-limit's hand-over run. */
const settle = () => new Promise(resolve => setImmediate(resolve));

describe('mapWithLimit', () => {
  it('runs at most the limit at once and gives the results in the order of the items', async () => {
    const held: Array<() => void> = [];
    let running = 0;
    let most = 0;
    const items = Array.from({ length: 20 }, (_, i) => i);
    const done = mapWithLimit(
      items,
      3,
      item =>
        new Promise<string>(resolve => {
          running += 1;
          most = Math.max(most, running);
          held.push(() => {
            running -= 1;
            resolve(`result ${item}`);
          });
        }),
    );
    // Finish the newest first, so the items complete out of their order.
    for (let finished = 0; finished < items.length; finished += 1) {
      await settle();
      expect(running).toBeLessThanOrEqual(3);
      held.pop()!();
    }
    expect(await done).toEqual(items.map(i => `result ${i}`));
    expect(most).toBe(3);
  });

  it('starts nothing after a failure, lets the ones under way finish, then throws the failure', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    let finishFirst: () => void = () => {};
    const done = mapWithLimit([0, 1, 2, 3, 4], 2, async item => {
      started.push(item);
      if (item === 0) {
        await new Promise<void>(resolve => {
          finishFirst = resolve;
        });
      }
      if (item === 1) throw new Error('item 1 refused');
      finished.push(item);
      return item;
    });
    const outcome = done.catch(error => error);
    await settle();
    expect(started).toEqual([0, 1]);
    finishFirst();
    expect(await outcome).toEqual(new Error('item 1 refused'));
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([0]);
  });

  it('gives an empty list for no items', async () => {
    await expect(mapWithLimit([], 8, async () => 1)).resolves.toEqual([]);
  });
});
