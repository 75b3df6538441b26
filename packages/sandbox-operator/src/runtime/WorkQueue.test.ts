import { WorkQueue } from './WorkQueue';

describe('WorkQueue', () => {
  it('queues a key once however often it is added', async () => {
    const queue = new WorkQueue();
    queue.add('a');
    queue.add('a');
    queue.add('b');
    expect(queue.depth).toBe(2);
    expect(await queue.get()).toBe('a');
    expect(await queue.get()).toBe('b');
  });

  it('never hands out a key being processed; an add meanwhile requeues it after done', async () => {
    const queue = new WorkQueue();
    queue.add('a');
    const key = await queue.get();
    queue.add('a');
    expect(queue.depth).toBe(0);
    queue.done(key!);
    expect(queue.depth).toBe(1);
  });

  it('backs off exponentially with jitter after consecutive failures', async () => {
    jest.useFakeTimers();
    try {
      const queue = new WorkQueue({ baseDelayMs: 100, maxDelayMs: 1000 });
      // Failure n waits between half and all of 100 ms * 2^(n-1).
      for (const max of [100, 200, 400]) {
        queue.addRateLimited('a');
        jest.advanceTimersByTime(max / 2 - 1);
        expect(queue.depth).toBe(0);
        jest.advanceTimersByTime(max / 2 + 1);
        expect(queue.depth).toBe(1);
        queue.done((await queue.get())!);
      }
      queue.forget('a');
      queue.addRateLimited('a');
      jest.advanceTimersByTime(100);
      expect(queue.depth).toBe(1);
      queue.shutDown();
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps the earliest of several delayed adds', () => {
    jest.useFakeTimers();
    try {
      const queue = new WorkQueue();
      queue.addAfter('a', 1000);
      queue.addAfter('a', 100);
      queue.addAfter('a', 5000);
      jest.advanceTimersByTime(100);
      expect(queue.depth).toBe(1);
      queue.shutDown();
    } finally {
      jest.useRealTimers();
    }
  });
});
