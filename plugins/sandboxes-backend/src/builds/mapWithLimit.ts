import pLimit from 'p-limit';

/**
 * Runs `work` for every item, at most `concurrency` at once, and resolves
 * with the results in the items' order. As a loop would stop at a failure,
 * no item starts after one has failed: the ones under way finish, then the
 * failure of the earliest item is thrown.
 */
export async function mapWithLimit<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const limit = pLimit(concurrency);
  let failed = false;
  const settled = await Promise.allSettled(
    items.map(item =>
      limit(async () => {
        if (failed) return undefined;
        try {
          return { value: await work(item) };
        } catch (error) {
          failed = true;
          throw error;
        }
      }),
    ),
  );
  const results: R[] = [];
  for (const outcome of settled) {
    if (outcome.status === 'rejected') throw outcome.reason;
    if (outcome.value) results.push(outcome.value.value);
  }
  return results;
}
