import { parseQuantity, formatQuantity } from '../../admission/quantity';
import type { StatusCause } from '../../errors/StatusError';
import { isObject, objectList } from '../../util/json';
import { dnsLabelErrors } from '../../util/names';
import { envCauses, envFromCauses } from './envValidation';
import { duplicateValue, invalidValue, required } from './fieldErrors';
import {
  containerProbeCauses,
  initContainerProbeCauses,
} from './probeValidation';
import { mountCauses, volumeCauses } from './volumeValidation';
import { portNameErrors, portNumErrors } from './syntaxRules';

type Obj = Record<string, unknown>;

/** validateContainerPorts (pkg/apis/core/validation/validation.go). */
function portCauses(ports: unknown, field: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const names = new Set<string>();
  objectList(ports).forEach((port, i) => {
    const path = `${field}[${i}]`;
    if (typeof port.name === 'string' && port.name) {
      const errors = portNameErrors(port.name);
      for (const message of errors)
        causes.push(invalidValue(`${path}.name`, port.name, message));
      if (errors.length === 0 && names.has(port.name))
        causes.push(duplicateValue(`${path}.name`, port.name));
      names.add(port.name);
    }
    // An absent containerPort is the schema's Required; a zero one is validation's.
    if (port.containerPort === 0)
      causes.push(required(`${path}.containerPort`));
    else if (port.containerPort !== undefined)
      for (const message of portNumErrors(Number(port.containerPort)))
        causes.push(
          invalidValue(
            `${path}.containerPort`,
            Number(port.containerPort),
            message,
          ),
        );
    if (port.hostPort)
      for (const message of portNumErrors(Number(port.hostPort)))
        causes.push(
          invalidValue(`${path}.hostPort`, Number(port.hostPort), message),
        );
  });
  return causes;
}

/** helper.IsOvercommitAllowed: native resources other than huge pages. */
function overcommitAllowed(resource: string): boolean {
  const native = !resource.includes('/') || resource.includes('kubernetes.io/');
  return native && !resource.startsWith('hugepages-');
}

/** ValidateContainerResourceRequirements: no negative quantity, a request within its limit. */
function resourceCauses(resources: unknown, field: string): StatusCause[] {
  if (!isObject(resources)) return [];
  const causes: StatusCause[] = [];
  const limits = isObject(resources.limits) ? resources.limits : {};
  const requests = isObject(resources.requests) ? resources.requests : {};
  const canonical = (value: unknown) => {
    const q = parseQuantity(value);
    return q && { q, text: formatQuantity(q.milli, q.binary) };
  };
  for (const [name, value] of Object.entries(limits)) {
    const limit = canonical(value);
    if (limit && limit.q.milli < 0n)
      causes.push(
        invalidValue(
          `${field}.limits[${name}]`,
          limit.text,
          'must be greater than or equal to 0',
        ),
      );
  }
  for (const [name, value] of Object.entries(requests)) {
    const request = canonical(value);
    if (!request) continue;
    if (request.q.milli < 0n)
      causes.push(
        invalidValue(
          `${field}.requests[${name}]`,
          request.text,
          'must be greater than or equal to 0',
        ),
      );
    const limit = canonical(limits[name]);
    if (limit) {
      if (request.q.milli !== limit.q.milli && !overcommitAllowed(name))
        causes.push(
          invalidValue(
            `${field}.requests`,
            request.text,
            `must be equal to ${name} limit of ${limit.text}`,
          ),
        );
      else if (request.q.milli > limit.q.milli)
        causes.push(
          invalidValue(
            `${field}.requests`,
            request.text,
            `must be less than or equal to ${name} limit of ${limit.text}`,
          ),
        );
    } else if (!overcommitAllowed(name)) {
      causes.push(
        required(
          `${field}.limits`,
          'Limit must be set for non overcommitable resources',
        ),
      );
    }
  }
  return causes;
}

/**
 * validateContainerCommon's checks in its order (name, ports, env, envFrom,
 * mounts, resources), then validateContainers' or validateInitContainers'
 * own: the name unique across both lists, probes and lifecycle hooks.
 */
function containerCauses(
  containers: Obj[],
  field: string,
  names: Set<string>,
  volumes: Set<string>,
  init: boolean,
): StatusCause[] {
  const causes: StatusCause[] = [];
  containers.forEach((container, i) => {
    const path = `${field}[${i}]`;
    const name = typeof container.name === 'string' ? container.name : '';
    if (container.name === '') causes.push(required(`${path}.name`));
    else if (name)
      for (const message of dnsLabelErrors(name))
        causes.push(invalidValue(`${path}.name`, name, message));
    causes.push(...portCauses(container.ports, `${path}.ports`));
    causes.push(...envCauses(container.env, `${path}.env`));
    causes.push(...envFromCauses(container.envFrom, `${path}.envFrom`));
    causes.push(
      ...mountCauses(container.volumeMounts, `${path}.volumeMounts`, volumes),
    );
    causes.push(...resourceCauses(container.resources, `${path}.resources`));
    if (name && names.has(name))
      causes.push(duplicateValue(`${path}.name`, name));
    names.add(name);
    causes.push(
      ...(init
        ? initContainerProbeCauses(container, path)
        : containerProbeCauses(container, path)),
    );
  });
  return causes;
}

/**
 * The checks of ValidatePodSpec that the OpenAPI schema cannot express and
 * that templates run into: volumes and the mounts that refer to them,
 * container names (DNS-1123 labels, unique across containers and init
 * containers), ports, env vars, resource quantities, probes.
 */
export function podSpecCauses(spec: unknown, field: string): StatusCause[] {
  if (!isObject(spec)) return [];
  const volumes = volumeCauses(spec.volumes, `${field}.volumes`);
  const names = new Set<string>();
  return [
    ...volumes.causes,
    ...containerCauses(
      objectList(spec.containers),
      `${field}.containers`,
      names,
      volumes.valid,
      false,
    ),
    // validateInitContainers checks init container names against the containers'.
    ...containerCauses(
      objectList(spec.initContainers),
      `${field}.initContainers`,
      names,
      volumes.valid,
      true,
    ),
  ];
}
