import type { StatusCause } from '../../errors/StatusError';
import { isObject } from '../../util/json';
import { dnsLabelErrors } from '../../util/names';
import {
  duplicateValue,
  forbiddenField,
  invalidValue,
  required,
} from './fieldErrors';
import { portNumErrors, portNumOrNameCauses } from './syntaxRules';

/**
 * ValidateService's port checks (pkg/apis/core/validation/validation.go
 * validateServicePort): ports required unless headless or ExternalName; with
 * more than one port each needs a DNS-1123 label name, unique; port 1-65535;
 * targetPort a number or a name; nodePort only for NodePort/LoadBalancer,
 * never twice for one protocol. The node port range and ports taken by other
 * Services are the allocator's (../nodePorts.ts), after validation.
 */
export function serviceCauses(spec: unknown): StatusCause[] {
  if (!isObject(spec)) return [];
  const causes: StatusCause[] = [];
  const ports = Array.isArray(spec.ports) ? spec.ports.filter(isObject) : [];
  const headless = spec.clusterIP === 'None';
  const type = typeof spec.type === 'string' ? spec.type : 'ClusterIP';
  if (ports.length === 0 && !headless && type !== 'ExternalName')
    causes.push(required('spec.ports'));
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const path = `spec.ports[${i}]`;
    const name = typeof port.name === 'string' ? port.name : '';
    if (ports.length > 1 && !name) causes.push(required(`${path}.name`));
    else if (name) {
      for (const message of dnsLabelErrors(name))
        causes.push(invalidValue(`${path}.name`, name, message));
      if (names.has(name)) causes.push(duplicateValue(`${path}.name`, name));
      names.add(name);
    }
    if (typeof port.port === 'number')
      for (const message of portNumErrors(port.port))
        causes.push(invalidValue(`${path}.port`, port.port, message));
    causes.push(...portNumOrNameCauses(port.targetPort, `${path}.targetPort`));
  });
  ports.forEach((port, i) => {
    if (port.nodePort && type !== 'NodePort' && type !== 'LoadBalancer')
      causes.push(
        forbiddenField(
          `spec.ports[${i}].nodePort`,
          `may not be used when \`type\` is '${type}'`,
        ),
      );
  });
  const nodePorts = new Set<string>();
  ports.forEach((port, i) => {
    if (!port.nodePort) return;
    const key = `${port.protocol ?? 'TCP'}/${port.nodePort}`;
    if (nodePorts.has(key))
      causes.push(
        duplicateValue(`spec.ports[${i}].nodePort`, Number(port.nodePort)),
      );
    nodePorts.add(key);
  });
  return causes;
}
