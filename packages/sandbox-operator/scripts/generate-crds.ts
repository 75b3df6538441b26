/**
 * Writes the CRD YAML generated from plugins/sandboxes-common/src/crd/schemas.ts
 * to plugins/sandboxes-common/crds/, deploy/crds/ and the Helm chart's crds/,
 * and copies the demo template into the chart.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs scripts/generate-crds.ts
 */
import fs from 'fs';
import path from 'path';
import { renderCrdYamlFiles } from '@sandboxkit/backstage-plugin-sandboxes-common';

const packageDir = path.resolve(__dirname, '..');
const targets = [
  path.resolve(packageDir, '../../plugins/sandboxes-common/crds'),
  path.join(packageDir, 'deploy/crds'),
  path.join(packageDir, 'deploy/helm/sandbox-operator/crds'),
];
for (const dir of targets) {
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(renderCrdYamlFiles())) {
    fs.writeFileSync(path.join(dir, file), content);
    process.stdout.write(
      `wrote ${path.relative(process.cwd(), path.join(dir, file))}\n`,
    );
  }
}
// The Helm chart cannot read files outside itself: it carries a copy of the demo template.
fs.copyFileSync(
  path.join(packageDir, 'deploy/examples/payments-api.yaml'),
  path.join(packageDir, 'deploy/helm/sandbox-operator/files/payments-api.yaml'),
);
