import {
  SandboxPhase,
  SandboxResource,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { OperatorConfig } from '../config';
import { KubeObject } from '../kube/types';

/**
 * The Service in a sleeping sandbox's namespace that its Ingresses point at:
 * an ExternalName for the waker's own Service. Ingress backends cannot name
 * another namespace, and ingress-nginx proxies to an ExternalName Service's
 * DNS name, keeping the request's Host header, which is how the waker knows
 * the sandbox.
 */
export const WAKER_SERVICE_NAME = 'sandbox-waker';

/** Phases in which requests still go to the waker once spec.suspend is false. */
const WAKING_PHASES: Array<SandboxPhase | undefined> = [
  'Suspending',
  'Suspended',
  'Resuming',
];

/**
 * True while a sandbox's endpoints are served by the waker: from the moment
 * it is asked to sleep until it is Ready again. An awake sandbox's Ingresses
 * point straight at its own Services.
 */
export function routesToWaker(sandbox: SandboxResource): boolean {
  return (
    sandbox.spec.suspend === true ||
    WAKING_PHASES.includes(sandbox.status?.phase)
  );
}

/**
 * The routing objects of a sleeping sandbox: the waker's ExternalName
 * Service first, then the Ingresses with every backend turned to it.
 */
export function routeToWaker(
  ingresses: KubeObject[],
  config: OperatorConfig,
  meta: { namespace: string; labels: Record<string, string> },
): KubeObject[] {
  const service: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: WAKER_SERVICE_NAME, ...meta },
    spec: {
      type: 'ExternalName',
      externalName: config.wakerHost,
      ports: [{ name: 'http', port: config.wakerPort, protocol: 'TCP' }],
    },
  };
  const toWaker = (ingress: KubeObject): KubeObject => {
    const spec = ingress.spec as {
      rules: Array<{ http: { paths: Array<Record<string, unknown>> } }>;
    };
    return {
      ...ingress,
      spec: {
        ...spec,
        rules: spec.rules.map(rule => ({
          ...rule,
          http: {
            paths: rule.http.paths.map(path => ({
              ...path,
              backend: {
                service: {
                  name: WAKER_SERVICE_NAME,
                  port: { number: config.wakerPort },
                },
              },
            })),
          },
        })),
      },
    };
  };
  return [service, ...ingresses.map(toWaker)];
}
