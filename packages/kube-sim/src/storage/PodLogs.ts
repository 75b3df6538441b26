type LogListener = (line: string) => void;

/** The log lines of simulated containers, keyed by namespace/pod/container. */
export class PodLogs {
  readonly #lines = new Map<string, string[]>();
  readonly #listeners = new Map<string, Set<LogListener>>();
  readonly #limit: number;

  constructor(linesPerContainer = 1000) {
    this.#limit = linesPerContainer;
  }

  append(
    namespace: string,
    pod: string,
    container: string,
    line: string,
  ): void {
    const key = `${namespace}/${pod}/${container}`;
    const stamped = `${new Date().toISOString()} ${line}`;
    const lines = this.#lines.get(key) ?? [];
    lines.push(stamped);
    if (lines.length > this.#limit) lines.shift();
    this.#lines.set(key, lines);
    for (const listener of this.#listeners.get(key) ?? []) listener(stamped);
  }

  /** Lines with their RFC 3339 timestamp prefix. */
  read(namespace: string, pod: string, container: string): string[] {
    return this.#lines.get(`${namespace}/${pod}/${container}`) ?? [];
  }

  follow(
    namespace: string,
    pod: string,
    container: string,
    listener: LogListener,
  ): () => void {
    const key = `${namespace}/${pod}/${container}`;
    const set = this.#listeners.get(key) ?? new Set();
    set.add(listener);
    this.#listeners.set(key, set);
    return () => set.delete(listener);
  }

  forgetPod(namespace: string, pod: string): void {
    const prefix = `${namespace}/${pod}/`;
    for (const key of this.#lines.keys())
      if (key.startsWith(prefix)) this.#lines.delete(key);
  }

  clear(): void {
    this.#lines.clear();
  }
}
