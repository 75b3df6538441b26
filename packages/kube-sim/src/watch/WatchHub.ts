import type { ResourceType } from '../registry/ResourceType';
import { storageKey } from '../registry/ResourceType';
import { FieldSelector, parseFieldSelector } from '../selectors/fieldSelector';
import { LabelSelector, parseLabelSelector } from '../selectors/labelSelector';
import type { StoreEvent } from '../storage/EventHistory';
import type { ObjectStore } from '../storage/ObjectStore';
import type { KubeObject } from '../types';

/** What a watch emits; BOOKMARK and ERROR besides the object events. */
export type WatchEmitType =
  | 'ADDED'
  | 'MODIFIED'
  | 'DELETED'
  | 'BOOKMARK'
  | 'ERROR';

/** Where a watch writes its events (the HTTP response). */
export interface WatchSink {
  send(type: WatchEmitType, object: KubeObject | Record<string, unknown>): void;
  /** Ends the stream cleanly. */
  end(): void;
  /** Destroys the connection without a clean end. */
  destroy(): void;
}

/** A watch request after parsing. */
export interface WatchRequest {
  rt: ResourceType;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  sendInitialEvents?: boolean;
  allowBookmarks?: boolean;
}

class Watcher {
  constructor(
    readonly request: WatchRequest,
    readonly sink: WatchSink,
    readonly labels: LabelSelector | undefined,
    readonly fields: FieldSelector | undefined,
  ) {}

  matches(object: KubeObject | undefined): boolean {
    if (!object) return false;
    if (
      this.request.namespace &&
      object.metadata.namespace !== this.request.namespace
    )
      return false;
    if (this.labels && !this.labels(object.metadata.labels)) return false;
    if (this.fields && !this.fields(object)) return false;
    return true;
  }

  /** Sends an event, turning label changes into ADDED/DELETED as the server does. */
  deliver(event: StoreEvent): void {
    const now = this.matches(event.object);
    if (event.type === 'ADDED') {
      if (now) this.sink.send('ADDED', event.object);
    } else if (event.type === 'DELETED') {
      if (now || this.matches(event.previous))
        this.sink.send('DELETED', event.object);
    } else {
      const before = this.matches(event.previous);
      if (now && before) this.sink.send('MODIFIED', event.object);
      else if (now) this.sink.send('ADDED', event.object);
      else if (before) this.sink.send('DELETED', event.object);
    }
  }
}

/**
 * Fans committed changes out to open watches, replays history for watches
 * that start from a resourceVersion and answers 410 Expired (as an ERROR
 * event, like the real server) when that history is gone.
 */
export class WatchHub {
  readonly #store: ObjectStore;
  readonly #watchers = new Map<string, Set<Watcher>>();

  constructor(store: ObjectStore) {
    this.#store = store;
    store.subscribe(event => {
      for (const watcher of this.#watchers.get(event.key) ?? [])
        watcher.deliver(event);
    });
  }

  /** Starts a watch; returns a function that unregisters it. */
  open(request: WatchRequest, sink: WatchSink): () => void {
    const watcher = new Watcher(
      request,
      sink,
      parseLabelSelector(request.labelSelector),
      parseFieldSelector(request.fieldSelector, request.rt),
    );
    const key = storageKey(request.rt);
    const rv = request.resourceVersion;
    if (request.sendInitialEvents || !rv || rv === '0') {
      for (const object of this.#store.list(
        key,
        request.rt.namespaced ? request.namespace : undefined,
      )) {
        if (watcher.matches(object)) sink.send('ADDED', object);
      }
      if (request.sendInitialEvents && request.allowBookmarks) {
        sink.send(
          'BOOKMARK',
          this.bookmark(request.rt, { 'k8s.io/initial-events-end': 'true' }),
        );
      }
    } else {
      const since = Number(rv);
      const events = Number.isFinite(since)
        ? this.#store.history.since(since)
        : undefined;
      if (!events) {
        const oldest = this.#store.history.oldestResourceVersion;
        sink.send('ERROR', {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: Number.isFinite(since)
            ? `too old resource version: ${rv} (${oldest})`
            : `invalid resource version: ${rv}`,
          reason: 'Expired',
          code: 410,
        });
        sink.end();
        return () => {};
      }
      for (const event of events) if (event.key === key) watcher.deliver(event);
    }
    let set = this.#watchers.get(key);
    if (!set) {
      set = new Set();
      this.#watchers.set(key, set);
    }
    set.add(watcher);
    return () => {
      set!.delete(watcher);
    };
  }

  /** A BOOKMARK object at the current resourceVersion. */
  bookmark(
    rt: ResourceType,
    annotations?: Record<string, string>,
  ): Record<string, unknown> {
    return {
      kind: rt.kind,
      apiVersion: rt.apiVersion,
      metadata: {
        resourceVersion: String(this.#store.resourceVersion),
        ...(annotations ? { annotations } : {}),
      },
    };
  }

  get openCount(): number {
    let n = 0;
    for (const set of this.#watchers.values()) n += set.size;
    return n;
  }

  /** Ends every open watch cleanly (clients see the stream close). */
  endAll(): void {
    for (const watcher of this.#all()) watcher.sink.end();
  }

  /** Destroys every open watch connection (clients see a reset socket). */
  destroyAll(): void {
    for (const watcher of this.#all()) watcher.sink.destroy();
  }

  #all(): Watcher[] {
    const all = [...this.#watchers.values()].flatMap(set => [...set]);
    this.#watchers.clear();
    return all;
  }
}
