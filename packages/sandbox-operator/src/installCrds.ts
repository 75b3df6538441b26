import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import { sandboxCrdManifests } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { KubeClient } from './kube/KubeClient';
import { KubeObject } from './kube/types';
import { KubeConfigInput, loadKubeConfig } from './kube/loadKubeConfig';
import { resourceType } from './kube/resources';

/** The demo templates shipped in deploy/examples. */
export function demoTemplateFiles(): string[] {
  // deploy/ ships with the package ("files"), beside both src/ and dist/.
  // eslint-disable-next-line no-restricted-syntax
  const dir = path.resolve(__dirname, '..', 'deploy', 'examples');
  return fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.yaml'))
    .map(f => path.join(dir, f));
}

/** Reads the SandboxTemplates of a YAML file. */
export function readTemplates(file: string): KubeObject[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(doc => doc.toJS() as KubeObject)
    .filter(o => o && o.kind === 'SandboxTemplate');
}

/**
 * Installs (server-side applies) the Sandbox and SandboxTemplate CRDs, waits
 * until the API serves them, and by default applies the demo templates
 * (payments-api). Safe to call again: everything is applied, not created.
 *
 * @public
 */
export async function installCrds(
  kubeConfig: KubeConfigInput,
  options: { demoTemplates?: boolean; timeoutMs?: number } = {},
): Promise<void> {
  const client = KubeClient.fromKubeConfig(loadKubeConfig(kubeConfig));
  try {
    for (const crd of sandboxCrdManifests()) {
      await client.apply(crd as unknown as KubeObject);
    }
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    for (const kind of ['Sandbox', 'SandboxTemplate']) {
      const type = resourceType('sandboxkit.dev/v1alpha1', kind);
      for (;;) {
        try {
          await client.list(type);
          break;
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await new Promise(r => setTimeout(r, 200));
        }
      }
    }
    if (options.demoTemplates !== false) {
      for (const file of demoTemplateFiles()) {
        for (const template of readTemplates(file))
          await client.apply(template);
      }
    }
  } finally {
    client.close();
  }
}
