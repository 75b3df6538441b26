import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import { installCrds } from '@sandboxkit/sandbox-operator';
import { parseAllDocuments } from 'yaml';

const DEMO_APP = resolve(__dirname, 'demo-app.yaml');
const FIELD_MANAGER = 'sandboxes-local-bootstrap';

/**
 * Installs what the local default needs into a fresh (or persisted)
 * cluster: the sandbox CRDs and the demo SandboxTemplate (through the
 * operator's own installer), and the demo application's workloads.
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
  for (const object of demoApp) {
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
