import type { StatusCause } from '../../errors/StatusError';
import { isObject, objectList } from '../../util/json';
import {
  forbiddenField,
  invalidValue,
  notSupported,
  required,
} from './fieldErrors';
import { httpHeaderNameErrors, portNumOrNameCauses } from './syntaxRules';

type Obj = Record<string, unknown>;

/** validateHTTPGetAction (after SetDefaults_HTTPGetAction filled path and scheme). */
function httpGetCauses(action: Obj, field: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!action.path) causes.push(required(`${field}.path`));
  causes.push(...portNumOrNameCauses(action.port, `${field}.port`));
  if (
    typeof action.scheme === 'string' &&
    !['HTTP', 'HTTPS'].includes(action.scheme)
  )
    causes.push(
      notSupported(`${field}.scheme`, action.scheme, ['HTTP', 'HTTPS']),
    );
  for (const header of objectList(action.httpHeaders))
    if (typeof header.name === 'string')
      // Upstream names the list, not the header's index.
      for (const message of httpHeaderNameErrors(header.name))
        causes.push(invalidValue(`${field}.httpHeaders`, header.name, message));
  return causes;
}

/** The handler kinds in validateHandler's order; probes have no sleep, lifecycle hooks no grpc. */
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'] as const;

/** validateHandler: exactly one handler type, each checked as its validate*Action does. */
function handlerCauses(
  handler: Obj,
  kinds: readonly string[],
  field: string,
): StatusCause[] {
  const causes: StatusCause[] = [];
  let count = 0;
  for (const kind of kinds) {
    const action = handler[kind];
    if (!isObject(action)) continue;
    const path = `${field}.${kind}`;
    if (count > 0) {
      causes.push(
        forbiddenField(path, 'may not specify more than 1 handler type'),
      );
      continue;
    }
    count++;
    if (kind === 'exec') {
      if (!Array.isArray(action.command) || action.command.length === 0)
        causes.push(required(`${path}.command`));
    } else if (kind === 'httpGet') {
      causes.push(...httpGetCauses(action, path));
    } else if (kind === 'tcpSocket' || kind === 'grpc') {
      causes.push(...portNumOrNameCauses(action.port, `${path}.port`));
    }
    // sleep: validateSleepAction's range depends on a feature gate whose
    // default changed in 1.33 (PodLifecycleSleepActionAllowZero); not checked.
  }
  if (count === 0) causes.push(required(field, 'must specify a handler type'));
  return causes;
}

const NON_NEGATIVE = [
  'initialDelaySeconds',
  'timeoutSeconds',
  'periodSeconds',
  'successThreshold',
  'failureThreshold',
] as const;

/** validateProbe: one handler, non-negative timings (zeros were defaulted), a positive probe grace period. */
function probeCauses(probe: Obj, field: string): StatusCause[] {
  const causes = handlerCauses(probe, PROBE_HANDLERS, field);
  for (const key of NON_NEGATIVE) {
    const value = probe[key];
    if (typeof value === 'number' && value < 0)
      causes.push(
        invalidValue(
          `${field}.${key}`,
          value,
          'must be greater than or equal to 0',
        ),
      );
  }
  const grace = probe.terminationGracePeriodSeconds;
  if (typeof grace === 'number' && grace <= 0)
    causes.push(
      invalidValue(
        `${field}.terminationGracePeriodSeconds`,
        grace,
        'must be greater than 0',
      ),
    );
  return causes;
}

/**
 * validateLivenessProbe, validateReadinessProbe, validateStartupProbe and
 * validateLifecycle for a regular container or a restartable init container
 * (pkg/apis/core/validation/validation.go, validateContainers).
 */
export function containerProbeCauses(
  container: Obj,
  field: string,
): StatusCause[] {
  const causes: StatusCause[] = [];
  if (isObject(container.lifecycle))
    for (const hook of ['postStart', 'preStop'])
      if (isObject(container.lifecycle[hook]))
        causes.push(
          ...handlerCauses(
            container.lifecycle[hook],
            LIFECYCLE_HANDLERS,
            `${field}.lifecycle.${hook}`,
          ),
        );
  for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const probe = container[kind];
    if (!isObject(probe)) continue;
    const path = `${field}.${kind}`;
    causes.push(...probeCauses(probe, path));
    if (kind !== 'readinessProbe' && probe.successThreshold !== 1)
      causes.push(
        invalidValue(
          `${path}.successThreshold`,
          Number(probe.successThreshold),
          'must be 1',
        ),
      );
    if (
      kind === 'readinessProbe' &&
      typeof probe.terminationGracePeriodSeconds === 'number'
    )
      causes.push(
        invalidValue(
          `${path}.terminationGracePeriodSeconds`,
          probe.terminationGracePeriodSeconds,
          'must not be set for readinessProbes',
        ),
      );
  }
  return causes;
}

/**
 * validateInitContainers: an init container without restartPolicy Always (a
 * sidecar) may have no lifecycle and no probes.
 */
export function initContainerProbeCauses(
  container: Obj,
  field: string,
): StatusCause[] {
  if (container.restartPolicy === 'Always')
    return containerProbeCauses(container, field);
  return ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']
    .filter(key => container[key] !== undefined && container[key] !== null)
    .map(key =>
      forbiddenField(
        `${field}.${key}`,
        'may not be set for init containers without restartPolicy=Always',
      ),
    );
}
