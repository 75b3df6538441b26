import { parseQuantity, formatQuantity } from '../../admission/quantity';
import type { StatusCause } from '../../errors/StatusError';
import { isObject } from '../../util/json';
import { dnsLabelErrors } from '../../util/names';
import {
  duplicateValue,
  invalidValue,
  notFound,
  required,
} from './fieldErrors';
import { portNameErrors, portNumErrors } from './syntaxRules';

type Obj = Record<string, unknown>;

const list = (value: unknown): Obj[] =>
  Array.isArray(value) ? value.filter(isObject) : [];

/** validateContainerPorts (pkg/apis/core/validation/validation.go). */
function portCauses(ports: unknown, field: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const names = new Set<string>();
  list(ports).forEach((port, i) => {
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
 * ValidateVolumes: names are DNS-1123 labels and unique; returns the names of
 * the valid volumes, which mounts may refer to. (A volume without a source is
 * no error: SetDefaults_Volume makes it an emptyDir.)
 */
function volumeCauses(
  volumes: Obj[],
  field: string,
): { causes: StatusCause[]; valid: Set<string> } {
  const causes: StatusCause[] = [];
  const valid = new Set<string>();
  volumes.forEach((volume, i) => {
    const path = `${field}[${i}]`;
    const name = typeof volume.name === 'string' ? volume.name : '';
    const errors: StatusCause[] = [];
    if (volume.name === '') errors.push(required(`${path}.name`));
    else if (name)
      for (const message of dnsLabelErrors(name))
        errors.push(invalidValue(`${path}.name`, name, message));
    if (valid.has(name)) errors.push(duplicateValue(`${path}.name`, name));
    if (errors.length === 0) valid.add(name);
    causes.push(...errors);
  });
  return { causes, valid };
}

/** ValidateVolumeMounts: each mount names a valid volume; mount paths are unique. */
function mountCauses(
  mounts: unknown,
  field: string,
  volumes: Set<string>,
): StatusCause[] {
  const causes: StatusCause[] = [];
  const paths = new Set<string>();
  list(mounts).forEach((mount, i) => {
    const path = `${field}[${i}]`;
    const name = typeof mount.name === 'string' ? mount.name : '';
    if (!volumes.has(name)) causes.push(notFound(`${path}.name`, name));
    if (typeof mount.mountPath !== 'string') return;
    if (paths.has(mount.mountPath))
      causes.push(
        invalidValue(`${path}.mountPath`, mount.mountPath, 'must be unique'),
      );
    paths.add(mount.mountPath);
  });
  return causes;
}

function containerCauses(
  containers: Obj[],
  field: string,
  names: Set<string>,
  volumes: Set<string>,
): StatusCause[] {
  const causes: StatusCause[] = [];
  containers.forEach((container, i) => {
    const path = `${field}[${i}]`;
    const name = typeof container.name === 'string' ? container.name : '';
    if (container.name === '') causes.push(required(`${path}.name`));
    else if (name)
      for (const message of dnsLabelErrors(name))
        causes.push(invalidValue(`${path}.name`, name, message));
    if (name && names.has(name))
      causes.push(duplicateValue(`${path}.name`, name));
    names.add(name);
    causes.push(...portCauses(container.ports, `${path}.ports`));
    causes.push(
      ...mountCauses(container.volumeMounts, `${path}.volumeMounts`, volumes),
    );
    causes.push(...resourceCauses(container.resources, `${path}.resources`));
  });
  return causes;
}

/**
 * The checks of ValidatePodSpec that the OpenAPI schema cannot express and
 * that templates run into: volumes and the mounts that refer to them,
 * container names (DNS-1123 labels, unique across containers and init
 * containers), ports, resource quantities.
 */
export function podSpecCauses(spec: unknown, field: string): StatusCause[] {
  if (!isObject(spec)) return [];
  const volumes = volumeCauses(list(spec.volumes), `${field}.volumes`);
  const names = new Set<string>();
  return [
    ...volumes.causes,
    ...containerCauses(
      list(spec.containers),
      `${field}.containers`,
      names,
      volumes.valid,
    ),
    // validateInitContainers checks init container names against the containers'.
    ...containerCauses(
      list(spec.initContainers),
      `${field}.initContainers`,
      names,
      volumes.valid,
    ),
  ];
}
