import type { StatusCause } from '../errors/StatusError';
import type { KubeObject } from '../types';
import { isObject, objectList } from '../util/json';
import { invalidValue } from './validation/fieldErrors';

/** The API server's default --service-node-port-range. */
const FIRST = 30000;
const LAST = 32767;
/**
 * ServiceNodePortStaticSubrange (GA in 1.29): dynamic allocations prefer
 * the ports above the lower band of min(max(16, size/32), 128) ports, which
 * is left to users who pick a port.
 */
const STATIC_BAND = Math.min(
  Math.max(16, Math.floor((LAST - FIRST + 1) / 32)),
  128,
);

type Obj = Record<string, unknown>;

export function needsNodePorts(spec: unknown): boolean {
  return (
    isObject(spec) && (spec.type === 'NodePort' || spec.type === 'LoadBalancer')
  );
}

/** shouldAllocateNodePorts: a LoadBalancer may opt out (allocateLoadBalancerNodePorts: false). */
function allocatesNodePorts(spec: Obj): boolean {
  return (
    spec.type === 'NodePort' || spec.allocateLoadBalancerNodePorts !== false
  );
}

function nodePortsOf(service: KubeObject | undefined): number[] {
  const spec = isObject(service?.spec) ? service.spec : {};
  const ports = objectList(spec.ports)
    .map(p => Number(p.nodePort ?? 0))
    .filter(p => p > 0);
  if (typeof spec.healthCheckNodePort === 'number')
    ports.push(spec.healthCheckNodePort);
  return ports;
}

/**
 * Allocates the node ports of a NodePort or LoadBalancer Service as the
 * API server's allocator does after validation (pkg/registry/core/service/
 * storage/alloc.go: initNodePorts on create, updateNodePorts on update): a
 * requested port must be in range and free, an unset one gets a free port,
 * ports of the same number share one node port on create. What is in use
 * is read from the stored Services, so deleting a Service or changing its
 * type releases its ports, and a dry run allocates nothing. Returns the
 * refusal, if any; fills the allocated ports into `next`.
 */
export function allocateNodePorts(
  next: KubeObject,
  before: KubeObject | undefined,
  services: KubeObject[],
): StatusCause | undefined {
  const spec = isObject(next.spec) ? next.spec : {};
  if (!needsNodePorts(spec)) return undefined;
  const used = new Set<number>();
  for (const other of services)
    if (other.metadata.uid !== before?.metadata.uid)
      for (const port of nodePortsOf(other)) used.add(port);
  const mine = new Set(needsNodePorts(before?.spec) ? nodePortsOf(before) : []);
  const take = (port: number, field: string): StatusCause | undefined => {
    if (port < FIRST || port > LAST)
      return invalidValue(
        field,
        port,
        `provided port is not in the valid range. The range of valid ports is ${FIRST}-${LAST}`,
      );
    if (used.has(port))
      return invalidValue(field, port, 'provided port is already allocated');
    used.add(port);
    return undefined;
  };
  // On create, ports of one number (TCP and UDP of a port) share a node port.
  const byServicePort = new Map<number, number>();
  const ports = objectList(spec.ports);
  for (const [i, port] of ports.entries()) {
    const field = `spec.ports[${i}].nodePort`;
    const number = Number(port.port);
    let nodePort = Number(port.nodePort ?? 0);
    if (!nodePort && !allocatesNodePorts(spec)) continue;
    if (!nodePort && !before) {
      // findRequestedNodePort: a node port asked for by a port of the same number.
      nodePort =
        byServicePort.get(number) ??
        Number(
          ports.find(q => Number(q.port) === number && q.nodePort)?.nodePort ??
            0,
        );
    }
    if (!nodePort) {
      port.nodePort = nextFree(used);
      used.add(port.nodePort as number);
      byServicePort.set(number, port.nodePort as number);
      continue;
    }
    port.nodePort = nodePort;
    if (byServicePort.get(number) === nodePort) continue;
    if (mine.has(nodePort)) {
      // Allocated to this Service before the update: still its own.
      mine.delete(nodePort);
      used.add(nodePort);
    } else {
      const refusal = take(nodePort, field);
      if (refusal) return refusal;
    }
    byServicePort.set(number, nodePort);
  }
  return undefined;
}

/** AllocateNext: a random free port of the upper band, else of the lower one. */
function nextFree(used: Set<number>): number {
  const pick = (from: number, to: number) => {
    const free: number[] = [];
    for (let p = from; p <= to; p++) if (!used.has(p)) free.push(p);
    return free.length
      ? free[Math.floor(Math.random() * free.length)]
      : undefined;
  };
  const port =
    pick(FIRST + STATIC_BAND, LAST) ?? pick(FIRST, FIRST + STATIC_BAND - 1);
  if (port === undefined)
    // Upstream: an InternalError "failed to allocate a nodePort: range is full".
    throw new Error('failed to allocate a nodePort: range is full');
  return port;
}
