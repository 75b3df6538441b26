import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';

const REPO_ROOT = resolve(__dirname, '../..');
const FIELD_MANAGER = 'sandboxes-local-bootstrap';

/** Every YAML document of the files, in order. */
function readManifests(files: string[]): KubernetesObject[] {
  return files.flatMap(file =>
    parseAllDocuments(readFileSync(file, 'utf8'))
      .map(doc => doc.toJS() as KubernetesObject | null)
      .filter((obj): obj is KubernetesObject => Boolean(obj?.kind)),
  );
}

function yamlFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter(name => name.endsWith('.yaml'))
    .sort()
    .map(name => join(dir, name));
}

async function applyAll(api: KubernetesObjectApi, objects: KubernetesObject[]) {
  for (const object of objects) {
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

/** Waits until discovery serves the group/version, as a CRD takes effect asynchronously. */
async function waitForGroupVersion(kc: KubeConfig, groupVersion: string) {
  const server = kc.getCurrentCluster()!.server;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${server}/apis/${groupVersion}`);
    if (response.ok) return;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(
    `${groupVersion} was not served 30 s after its CRD was applied`,
  );
}

/**
 * Installs what the local default needs into a fresh (or persisted)
 * cluster: the sandbox CRDs, the demo SandboxTemplate and the demo
 * application's own workloads. Server-side apply, so it is safe to repeat.
 */
export async function bootstrapCluster(kubeconfigYaml: string): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfigYaml);
  const api = KubernetesObjectApi.makeApiClient(kc);
  const operatorDeploy = join(REPO_ROOT, 'packages/sandbox-operator/deploy');

  const crds = readManifests(yamlFilesIn(join(operatorDeploy, 'crds')));
  await applyAll(api, crds);
  await waitForGroupVersion(kc, 'sandboxes.backstage.io/v1alpha1');

  await applyAll(
    api,
    readManifests([
      ...yamlFilesIn(join(operatorDeploy, 'examples')),
      join(REPO_ROOT, 'scripts/local/demo-app.yaml'),
    ]),
  );
}
