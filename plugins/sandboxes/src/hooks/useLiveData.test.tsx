import { act, renderHook, waitFor } from '@testing-library/react';
import { useLiveData } from './useLiveData';

function setVisibility(state: 'visible' | 'hidden', notify = true) {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => state,
  });
  if (notify) {
    document.dispatchEvent(new Event('visibilitychange'));
  }
}

describe('useLiveData', () => {
  afterEach(() => {
    jest.useRealTimers();
    setVisibility('visible', false);
  });

  it('polls while the tab is visible and pauses while it is hidden', async () => {
    jest.useFakeTimers();
    let calls = 0;
    const load = jest.fn(async () => ++calls);
    const { result } = renderHook(() =>
      useLiveData(load, [], { intervalMs: 1000 }),
    );
    await waitFor(() => expect(result.current.value).toBe(1));

    await act(async () => {
      jest.advanceTimersByTime(1000);
    });
    await waitFor(() => expect(result.current.value).toBe(2));

    await act(async () => setVisibility('hidden'));
    await act(async () => {
      jest.advanceTimersByTime(5000);
    });
    expect(load).toHaveBeenCalledTimes(2);

    await act(async () => setVisibility('visible'));
    await waitFor(() => expect(result.current.value).toBe(3));
  });

  it('keeps the last value when a refresh fails and reports the error', async () => {
    let fail = false;
    const { result } = renderHook(() =>
      useLiveData(
        async () => {
          if (fail) throw new Error('backend down');
          return 'data';
        },
        [],
        { intervalMs: 0 },
      ),
    );
    await waitFor(() => expect(result.current.value).toBe('data'));
    fail = true;
    await act(() => result.current.refresh());
    expect(result.current.value).toBe('data');
    expect(result.current.error?.message).toBe('backend down');
  });

  it('drops an answer to inputs that changed meanwhile', async () => {
    const resolvers: Record<string, (v: string) => void> = {};
    const { result, rerender } = renderHook(
      ({ filter }: { filter: string }) =>
        useLiveData(
          () => new Promise<string>(r => (resolvers[filter] = r)),
          [filter],
          { intervalMs: 0 },
        ),
      { initialProps: { filter: 'old' } },
    );
    rerender({ filter: 'new' });
    await act(async () => resolvers.new('new answer'));
    await act(async () => resolvers.old('old answer'));
    expect(result.current.value).toBe('new answer');
  });
});
