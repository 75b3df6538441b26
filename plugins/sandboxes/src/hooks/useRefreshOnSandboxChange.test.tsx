import { ReactNode } from 'react';
import { act, renderHook } from '@testing-library/react';
import { TestApiProvider } from '@backstage/test-utils';
import { JsonObject } from '@backstage/types';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import {
  SANDBOX_CHANGED_SIGNAL_CHANNEL,
  SandboxChangedSignal,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import {
  SIGNAL_COALESCE_MS,
  useRefreshOnSandboxChange,
} from './useRefreshOnSandboxChange';

/** A signal API whose messages the test sends. */
function fakeSignals() {
  const listeners = new Map<string, Set<(m: JsonObject) => void>>();
  const api: SignalApi = {
    subscribe<TMessage extends JsonObject>(
      channel: string,
      onMessage: (message: TMessage) => void,
    ) {
      const set = listeners.get(channel) ?? new Set();
      const listener = (m: JsonObject) => onMessage(m as TMessage);
      set.add(listener);
      listeners.set(channel, set);
      return { unsubscribe: () => set.delete(listener) };
    },
  };
  const send = (message: SandboxChangedSignal) =>
    listeners
      .get(SANDBOX_CHANGED_SIGNAL_CHANNEL)
      ?.forEach(listener => listener(message));
  const subscribers = () =>
    listeners.get(SANDBOX_CHANGED_SIGNAL_CHANNEL)?.size ?? 0;
  return { api, send, subscribers };
}

describe('useRefreshOnSandboxChange', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('refreshes once after a burst of signals for the sandbox it shows, and ignores others', () => {
    const signals = fakeSignals();
    const refresh = jest.fn();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[signalApiRef, signals.api]]}>
        {children}
      </TestApiProvider>
    );
    const { unmount } = renderHook(
      () => useRefreshOnSandboxChange(refresh, s => s.name === 'mine'),
      { wrapper },
    );

    act(() => {
      signals.send({ name: 'other', phase: 'Ready' });
      jest.advanceTimersByTime(SIGNAL_COALESCE_MS);
    });
    expect(refresh).not.toHaveBeenCalled();

    act(() => {
      signals.send({ name: 'mine', phase: 'Provisioning' });
      signals.send({ name: 'mine', phase: 'Provisioning' });
      signals.send({ name: 'mine', phase: 'Ready' });
      jest.advanceTimersByTime(SIGNAL_COALESCE_MS);
    });
    expect(refresh).toHaveBeenCalledTimes(1);

    act(() => {
      signals.send({ name: 'mine', removed: true });
      jest.advanceTimersByTime(SIGNAL_COALESCE_MS);
    });
    expect(refresh).toHaveBeenCalledTimes(2);

    unmount();
    expect(signals.subscribers()).toBe(0);
  });

  it('leaves the view to its polling when the app has no signals plugin', () => {
    const refresh = jest.fn();
    const { unmount } = renderHook(() => useRefreshOnSandboxChange(refresh), {
      wrapper: ({ children }: { children: ReactNode }) => (
        <TestApiProvider apis={[]}>{children}</TestApiProvider>
      ),
    });
    jest.advanceTimersByTime(10 * SIGNAL_COALESCE_MS);
    expect(refresh).not.toHaveBeenCalled();
    unmount();
  });
});
