import { stringify } from 'yaml';
import { sandboxCrdManifests } from './crdManifests';

/** File names of the generated CRD YAML, in `crds/` and the operator's deploy folder. @public */
export const CRD_FILE_NAMES = [
  'sandboxkit.dev_sandboxes.yaml',
  'sandboxkit.dev_sandboxtemplates.yaml',
] as const;

/**
 * The CRD YAML documents, keyed by file name, exactly as committed under
 * `crds/`. Regenerate with `yarn workspace @sandboxkit/sandbox-operator generate-crds`.
 *
 * @public
 */
export function renderCrdYamlFiles(): Record<string, string> {
  const header =
    '# Generated from plugins/sandboxes-common/src/crd/schemas.ts. Do not edit by hand.\n';
  const [sandbox, template] = sandboxCrdManifests();
  return {
    [CRD_FILE_NAMES[0]]: header + stringify(sandbox, { lineWidth: 0 }),
    [CRD_FILE_NAMES[1]]: header + stringify(template, { lineWidth: 0 }),
  };
}
