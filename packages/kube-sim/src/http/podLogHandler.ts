import type { ServerResponse } from 'node:http';
import type { ApiServer } from '../api/ApiServer';
import { badRequest } from '../errors/StatusError';
import type { ResourceType } from '../registry/ResourceType';
import type { PodLogs } from '../storage/PodLogs';
import { isObject } from '../util/json';

/** GET /api/v1/namespaces/N/pods/P/log — what `kubectl logs` reads. */
export function handlePodLog(
  res: ServerResponse,
  query: URLSearchParams,
  api: ApiServer,
  logs: PodLogs,
  rt: ResourceType,
  namespace: string,
  name: string,
): void {
  const pod = api.get(rt, namespace, name);
  const spec = isObject(pod.spec) ? pod.spec : {};
  const containers = (
    Array.isArray(spec.containers) ? spec.containers : []
  ).filter(isObject);
  const names = containers.map(c => String(c.name));
  let container = query.get('container') ?? undefined;
  if (!container) {
    if (names.length !== 1) {
      throw badRequest(
        `a container name must be specified for pod ${name}, choose one of: [${names.join(
          ' ',
        )}]`,
      );
    }
    container = names[0];
  }
  if (!names.includes(container)) {
    throw badRequest(`container ${container} is not valid for pod ${name}`);
  }
  const status = isObject(pod.status) ? pod.status : {};
  const statuses = (
    Array.isArray(status.containerStatuses) ? status.containerStatuses : []
  ).filter(isObject);
  const state = statuses.find(s => s.name === container)?.state;
  const waiting =
    isObject(state) && isObject(state.waiting) ? state.waiting : undefined;
  if (!state || waiting) {
    const reason = waiting?.reason ?? 'ContainerCreating';
    throw badRequest(
      `container "${container}" in pod "${name}" is waiting to start: ${reason}`,
    );
  }
  const timestamps = query.get('timestamps') === 'true';
  const format = (line: string) =>
    timestamps ? line : line.replace(/^\S+ /, '');
  let lines = logs.read(namespace, name, container);
  const tail = query.get('tailLines');
  if (tail !== null && Number(tail) >= 0)
    lines = lines.slice(Math.max(0, lines.length - Number(tail)));
  res.writeHead(200, {
    'Content-Type': 'text/plain',
    'Transfer-Encoding': 'chunked',
  });
  for (const line of lines) res.write(`${format(line)}\n`);
  if (query.get('follow') !== 'true') {
    res.end();
    return;
  }
  const stop = logs.follow(namespace, name, container, line =>
    res.write(`${format(line)}\n`),
  );
  const timer = setInterval(() => {
    if (!api.find(rt, namespace, name)) {
      clearInterval(timer);
      stop();
      res.end();
    }
  }, 500);
  res.on('close', () => {
    clearInterval(timer);
    stop();
  });
}
