import type { KubeObject } from '../types';
import { EventHistory } from './EventHistory';

const event = (rv: number) => ({
  type: 'ADDED' as const,
  key: 'configmaps',
  namespace: 'default',
  object: { metadata: { name: `cm-${rv}` } } as KubeObject,
  resourceVersion: rv,
});

describe('EventHistory', () => {
  it('replays the events after a resourceVersion', () => {
    const history = new EventHistory(10);
    for (let rv = 1; rv <= 5; rv++) history.append(event(rv));
    expect(history.since(3)!.map(e => e.resourceVersion)).toEqual([4, 5]);
    expect(history.since(5)).toEqual([]);
  });

  it('answers undefined (expired) for resourceVersions older than what it keeps', () => {
    const history = new EventHistory(3);
    for (let rv = 1; rv <= 10; rv++) history.append(event(rv));
    expect(history.oldestResourceVersion).toBe(7);
    expect(history.since(6)).toBeUndefined();
    expect(history.since(7)!.map(e => e.resourceVersion)).toEqual([8, 9, 10]);
  });

  it('forgets everything up to a resourceVersion on compaction', () => {
    const history = new EventHistory(100);
    for (let rv = 1; rv <= 5; rv++) history.append(event(rv));
    history.compact(5);
    expect(history.since(4)).toBeUndefined();
    expect(history.since(5)).toEqual([]);
  });
});
