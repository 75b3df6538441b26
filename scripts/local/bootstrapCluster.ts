import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import { DEFAULT_SECRET_PARAMETERS_NAMESPACE } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { installCrds } from '@sandboxkit/sandbox-operator';
import { parseAllDocuments } from 'yaml';

const DEMO_APP = resolve(__dirname, 'demo-app.yaml');
const FIELD_MANAGER = 'sandboxes-local-bootstrap';

/**
 * Where the backend stages secret parameter values and the operator reads
 * them (backend sandboxes.secretParameters.namespace, operator
 * --secret-parameters-namespace): the operator's own namespace, as an
 * install from the chart or deploy/ has it.
 */
export const LOCAL_SECRET_PARAMETERS_NAMESPACE =
  DEFAULT_SECRET_PARAMETERS_NAMESPACE;

/**
 * Installs what the local default needs into a fresh (or persisted)
 * cluster: the sandbox CRDs and the demo SandboxTemplate (through the
 * operator's own installer), the operator's namespace (where secret
 * parameter values are staged), and the demo application's workloads.
 * Server-side apply throughout, so it is safe to repeat.
 */
export async function bootstrapCluster(kubeconfigYaml: string): Promise<void> {
  await installCrds(kubeconfigYaml, { demoTemplates: true });

  const kc = new KubeConfig();
  kc.loadFromString(kubeconfigYaml);
  const api = KubernetesObjectApi.makeApiClient(kc);
  const demoApp = parseAllDocuments(readFileSync(DEMO_APP, 'utf8'))
    .map(doc => doc.toJS() as KubernetesObject | null)
    .filter((obj): obj is KubernetesObject => Boolean(obj?.kind));
  const operatorNamespace: KubernetesObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: LOCAL_SECRET_PARAMETERS_NAMESPACE,
      labels: { 'app.kubernetes.io/name': 'sandbox-operator' },
    },
  };
  for (const object of [operatorNamespace, ...demoApp]) {
    await api.patch(
      object,
      undefined,
      undefined,
      FIELD_MANAGER,
      true,
      PatchStrategy.ServerSideApply,
    );
  }
}
