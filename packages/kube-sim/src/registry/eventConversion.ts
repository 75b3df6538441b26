import { requiredValue, StatusCause } from '../errors/StatusError';
import type { KubeObject } from '../types';
import { isObject } from '../util/json';
import type { VersionConversion } from './ResourceType';

/**
 * events.k8s.io/v1 field ↔ core/v1 field. A real API server keeps one
 * storage for both (the core shape) and converts on the way in and out, so
 * an event written through either API is read through the other: that is how
 * `kubectl describe`, which lists core/v1 Events, shows what controllers
 * record with events.k8s.io/v1.
 */
const RENAMED: Array<[eventsV1: string, coreV1: string]> = [
  ['regarding', 'involvedObject'],
  ['note', 'message'],
  ['reportingController', 'reportingComponent'],
  ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'],
  ['deprecatedCount', 'count'],
];

function convert(
  object: KubeObject,
  apiVersion: string,
  pairs: Array<[from: string, to: string]>,
): KubeObject {
  const out: KubeObject = { ...object, apiVersion, kind: 'Event' };
  for (const [from, to] of pairs) {
    delete out[to];
    if (object[from] !== undefined) out[to] = object[from];
    delete out[from];
  }
  return out;
}

/** Converts events.k8s.io/v1 Events to and from the stored core/v1 shape. */
export const eventsV1Conversion: VersionConversion = {
  storedAs: 'events',
  toStorage: object => convert(object, 'v1', RENAMED),
  fromStorage: object =>
    convert(
      object,
      'events.k8s.io/v1',
      RENAMED.map(([eventsV1, coreV1]) => [coreV1, eventsV1]),
    ),
};

const QUALIFIED_NAME =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

const LIMITS: Array<[field: string, max: number]> = [
  ['reportingInstance', 128],
  ['action', 128],
  ['reason', 128],
  ['note', 1024],
];

/**
 * The checks the API server makes on an events.k8s.io/v1 create, which are
 * stricter than core/v1's: the reporting fields are required, the type is
 * Normal or Warning, the deprecated fields must stay unset, and an event about
 * a cluster-scoped object lives in "default" or "kube-system".
 */
export function validateEventsV1Create(object: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const required = (field: string) => causes.push(requiredValue(field));
  const invalid = (field: string, value: unknown, detail: string) =>
    causes.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify(value ?? '')}: ${detail}`,
      field,
    });
  for (const field of [
    'eventTime',
    'reportingController',
    'reportingInstance',
    'action',
    'reason',
  ]) {
    if (typeof object[field] !== 'string' || object[field] === '')
      required(field);
  }
  const controller = object.reportingController;
  if (typeof controller === 'string' && controller !== '') {
    if (
      !QUALIFIED_NAME.test(controller) ||
      controller.split('/').pop()!.length > 63
    )
      invalid(
        'reportingController',
        controller,
        "must be a qualified name: an optional DNS subdomain prefix and '/', then at most 63 alphanumeric characters, '-', '_' or '.'",
      );
  }
  for (const [field, max] of LIMITS) {
    const value = object[field];
    if (typeof value === 'string' && value.length > max)
      invalid(field, '', `can have at most ${max} characters`);
  }
  if (object.type !== 'Normal' && object.type !== 'Warning')
    invalid(
      'type',
      object.type,
      'has invalid value: must be Normal or Warning',
    );
  for (const field of [
    'deprecatedSource',
    'deprecatedFirstTimestamp',
    'deprecatedLastTimestamp',
    'deprecatedCount',
  ]) {
    const value = object[field];
    const unset = value === undefined || value === null || value === 0;
    if (!unset) invalid(field, '', 'needs to be unset');
  }
  const regarding = isObject(object.regarding) ? object.regarding : {};
  const namespace = object.metadata.namespace;
  if (
    !regarding.namespace &&
    namespace !== 'default' &&
    namespace !== 'kube-system'
  ) {
    invalid(
      'regarding.namespace',
      regarding.namespace,
      'an event about a cluster-scoped object must be in namespace "default" or "kube-system"',
    );
  } else if (regarding.namespace && regarding.namespace !== namespace) {
    invalid(
      'regarding.namespace',
      regarding.namespace,
      'does not match event.namespace',
    );
  }
  return causes;
}
