import { isIP } from 'node:net';
import type { StatusCause } from '../../errors/StatusError';
import { isObject, objectList } from '../../util/json';
import { dns1035LabelErrors, dnsSubdomainErrors } from '../../util/names';
import { GoLiteral, invalidValue, notSupported, required } from './fieldErrors';
import {
  pathSegmentNameErrors,
  portNameErrors,
  portNumErrors,
  wildcardDnsSubdomainErrors,
} from './syntaxRules';

type Obj = Record<string, unknown>;

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

/** A host of a rule or a TLS entry: `*.` wildcard form, else a DNS-1123 subdomain. */
function hostCauses(host: string, field: string): StatusCause[] {
  const errors = host.includes('*')
    ? wildcardDnsSubdomainErrors(host)
    : dnsSubdomainErrors(host);
  return errors.map(m => invalidValue(field, host, m));
}

/** validateIngressTypedLocalObjectReference: a resource backend. */
function resourceRefCauses(ref: Obj, field: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (typeof ref.apiGroup === 'string')
    for (const message of dnsSubdomainErrors(ref.apiGroup))
      causes.push(invalidValue(`${field}.apiGroup`, ref.apiGroup, message));
  for (const key of ['kind', 'name']) {
    const value = typeof ref[key] === 'string' ? (ref[key] as string) : '';
    if (!value) causes.push(required(`${field}.${key}`));
    else
      for (const message of pathSegmentNameErrors(value))
        causes.push(invalidValue(`${field}.${key}`, value, message));
  }
  return causes;
}

/**
 * validateIngressBackend: a service or a resource, not both; a service
 * named as a Service is (DNS-1035 label: RelaxedServiceNameValidation only
 * came as alpha in 1.34) with a port name or number, not both.
 */
function backendCauses(backend: Obj, field: string): StatusCause[] {
  const service = isObject(backend.service) ? backend.service : undefined;
  const resource = isObject(backend.resource) ? backend.resource : undefined;
  if (service && resource)
    return [
      invalidValue(field, '', 'cannot set both resource and service backends'),
    ];
  if (resource) return resourceRefCauses(resource, `${field}.resource`);
  if (!service)
    return [invalidValue(field, '', 'resource or service backend is required')];
  const causes: StatusCause[] = [];
  const name = typeof service.name === 'string' ? service.name : '';
  if (!name) causes.push(required(`${field}.service.name`));
  else
    for (const message of dns1035LabelErrors(name))
      causes.push(invalidValue(`${field}.service.name`, name, message));
  const port = isObject(service.port) ? service.port : {};
  const portName = typeof port.name === 'string' ? port.name : '';
  const portNumber = typeof port.number === 'number' ? port.number : 0;
  if (portName && portNumber)
    causes.push(
      invalidValue(field, '', 'cannot set both port name & port number'),
    );
  else if (portName)
    for (const message of portNameErrors(portName))
      causes.push(
        invalidValue(`${field}.service.port.name`, portName, message),
      );
  else if (portNumber)
    for (const message of portNumErrors(portNumber))
      causes.push(
        invalidValue(`${field}.service.port.number`, portNumber, message),
      );
  else causes.push(required(field, 'port name or number is required'));
  return causes;
}

/** validateHTTPIngressPath: a pathType, an absolute clean path for Exact and Prefix, a backend. */
function pathCauses(entry: Obj, field: string): StatusCause[] {
  if (typeof entry.pathType !== 'string')
    return [required(`${field}.pathType`, 'pathType must be specified')];
  const causes: StatusCause[] = [];
  const path = typeof entry.path === 'string' ? entry.path : '';
  const absolute = () =>
    path.startsWith('/')
      ? []
      : [invalidValue(`${field}.path`, path, 'must be an absolute path')];
  switch (entry.pathType) {
    case 'Exact':
    case 'Prefix':
      causes.push(...absolute());
      for (const sequence of INVALID_PATH_SEQUENCES)
        if (path.includes(sequence))
          causes.push(
            invalidValue(
              `${field}.path`,
              path,
              `must not contain '${sequence}'`,
            ),
          );
      for (const suffix of INVALID_PATH_SUFFIXES)
        if (path.endsWith(suffix))
          causes.push(
            invalidValue(`${field}.path`, path, `cannot end with '${suffix}'`),
          );
      break;
    case 'ImplementationSpecific':
      if (path) causes.push(...absolute());
      break;
    default:
      causes.push(
        notSupported(`${field}.pathType`, entry.pathType, PATH_TYPES),
      );
  }
  causes.push(
    ...backendCauses(
      isObject(entry.backend) ? entry.backend : {},
      `${field}.backend`,
    ),
  );
  return causes;
}

/** validateIngressRules: hosts that are DNS names (not IPs), HTTP paths. */
function ruleCauses(rules: Obj[]): StatusCause[] {
  const causes: StatusCause[] = [];
  rules.forEach((rule, i) => {
    const field = `spec.rules[${i}]`;
    const host = typeof rule.host === 'string' ? rule.host : '';
    if (host) {
      if (isIP(host))
        causes.push(
          invalidValue(
            `${field}.host`,
            host,
            'must be a DNS name, not an IP address',
          ),
        );
      causes.push(...hostCauses(host, `${field}.host`));
    }
    if (!isObject(rule.http)) return;
    const paths = objectList(rule.http.paths);
    if (paths.length === 0) causes.push(required(`${field}.http.paths`));
    paths.forEach((entry, j) =>
      causes.push(...pathCauses(entry, `${field}.http.paths[${j}]`)),
    );
  });
  return causes;
}

/**
 * ValidateIngressSpec (pkg/apis/networking/validation/validation.go): rules
 * or a default backend, the rules, TLS hosts and secret names, the class name.
 */
export function ingressCauses(spec: unknown): StatusCause[] {
  if (!isObject(spec)) return [];
  const causes: StatusCause[] = [];
  const rules = objectList(spec.rules);
  if (rules.length === 0 && !isObject(spec.defaultBackend))
    causes.push(
      invalidValue(
        'spec',
        new GoLiteral(
          Array.isArray(spec.rules)
            ? '[]networking.IngressRule{}'
            : '[]networking.IngressRule(nil)',
        ),
        'either `defaultBackend` or `rules` must be specified',
      ),
    );
  if (isObject(spec.defaultBackend))
    causes.push(...backendCauses(spec.defaultBackend, 'spec.defaultBackend'));
  causes.push(...ruleCauses(rules));
  objectList(spec.tls).forEach((tls, i) => {
    const field = `spec.tls[${i}]`;
    (Array.isArray(tls.hosts) ? tls.hosts : []).forEach((host, j) =>
      causes.push(...hostCauses(String(host), `${field}.hosts[${j}]`)),
    );
    if (typeof tls.secretName === 'string' && tls.secretName)
      for (const message of dnsSubdomainErrors(tls.secretName))
        causes.push(
          invalidValue(`${field}.secretName`, tls.secretName, message),
        );
  });
  if (typeof spec.ingressClassName === 'string')
    for (const message of dnsSubdomainErrors(spec.ingressClassName))
      causes.push(
        invalidValue('spec.ingressClassName', spec.ingressClassName, message),
      );
  return causes;
}
