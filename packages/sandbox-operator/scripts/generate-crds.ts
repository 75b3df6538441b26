/**
 * Writes the CRD YAML generated from plugins/sandboxes-common/src/crd/schemas.ts
 * to deploy/crds/, the one copy: kustomization.yaml lists it, and the Helm
 * chart's crds/ is a link to it (Helm follows links when it loads or
 * packages a chart).
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs scripts/generate-crds.ts
 */
import fs from 'fs';
import path from 'path';
import { renderCrdYamlFiles } from '@sandboxkit/backstage-plugin-sandboxes-common';

const dir = path.resolve(__dirname, '..', 'deploy', 'crds');
fs.mkdirSync(dir, { recursive: true });
for (const [file, content] of Object.entries(renderCrdYamlFiles())) {
  fs.writeFileSync(path.join(dir, file), content);
  process.stdout.write(
    `wrote ${path.relative(process.cwd(), path.join(dir, file))}\n`,
  );
}
