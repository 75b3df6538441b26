import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, parseDocument } from 'yaml';
import { ReadmeInstallSteps } from './readmeSteps';

/**
 * Applies the README's steps 2–6 to an app made by create-app, as a
 * platform engineer would by hand. Step 1 (adding the packages) runs the
 * README's own commands; see main.ts.
 */

/** Keeps create-app's YAML style: long lines unwrapped, `[a, b]` without padding. */
const YAML_FORMAT = { lineWidth: 0, flowCollectionPadding: false };

/**
 * Matches `text` however the app's formatter (Prettier) wrapped it: any
 * whitespace between characters, and the trailing comma it adds before a
 * closing parenthesis when it breaks a call over lines.
 */
function loosePattern(text: string): RegExp {
  const chars = [...text.replace(/\s+/g, '')].map(c =>
    c === ')' ? ',?\\s*\\)' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
  );
  return new RegExp(chars.join('\\s*'));
}

/** Steps 2 and 3: the backend's plugin lines, the policy file and its line. */
export function applyBackendSteps(appDir: string, steps: ReadmeInstallSteps) {
  const indexPath = join(appDir, 'packages/backend/src/index.ts');
  let index = readFileSync(indexPath, 'utf8');
  const start = 'backend.start();';
  if (!index.includes(start)) {
    throw new Error(`${indexPath} has no "${start}" to add the plugins before`);
  }
  index = index.replace(start, `${steps.backendLines}\n${start}`);

  const allowAll = loosePattern(steps.policyLine.from);
  if (!allowAll.test(index)) {
    throw new Error(
      `README step 3 says to replace "${steps.policyLine.from}", which ${indexPath} does not have`,
    );
  }
  index = index.replace(allowAll, steps.policyLine.to);
  writeFileSync(indexPath, index);
  writeFileSync(join(appDir, steps.policyFile.path), steps.policyFile.content);
}

/** Step 4: the README's condition for writing no frontend code. */
export function checkFrontendDiscovery(
  appDir: string,
  steps: ReadmeInstallSteps,
) {
  const [key, value] = steps.frontendDiscovery.split(/:\s*/);
  const config = parseDocument(
    readFileSync(join(appDir, 'app-config.yaml'), 'utf8'),
  );
  const actual = config.getIn(key.split('.'));
  if (actual !== value) {
    throw new Error(
      `README step 4 relies on "${steps.frontendDiscovery}" but create-app's app-config.yaml has ${key}: ${actual}`,
    );
  }
}

/**
 * Step 5: the README's configuration merged into app-config.yaml, key by
 * key. Only the cluster's address is this machine's (kube-sim, over http,
 * instead of the README's example URL); its token and CA stay the README's
 * ${SANDBOXES_CLUSTER_TOKEN} / ${SANDBOXES_CLUSTER_CA}, given as
 * environment variables when the backend starts.
 */
export function applyConfigStep(
  appDir: string,
  steps: ReadmeInstallSteps,
  clusterUrl: string,
) {
  const path = join(appDir, 'app-config.yaml');
  const config = parseDocument(readFileSync(path, 'utf8'));
  const readme = parseDocument(steps.config).toJS() as Record<string, unknown>;
  const clusters = (readme.kubernetes as any)?.clusterLocatorMethods?.[0]
    ?.clusters;
  if (!Array.isArray(clusters) || clusters.length !== 1) {
    throw new Error('README step 5 names no single example cluster');
  }
  clusters[0].url = clusterUrl;
  // kube-sim serves plain http, which @kubernetes/client-node refuses
  // unless TLS verification is off; a real cluster keeps the README's https.
  clusters[0].skipTLSVerify = true;
  for (const [key, value] of Object.entries(readme)) {
    const current = config.get(key);
    if (current && typeof current === 'object') {
      for (const [sub, subValue] of Object.entries(
        value as Record<string, unknown>,
      )) {
        config.setIn([key, sub], subValue);
      }
    } else {
      config.set(key, value);
    }
  }
  writeFileSync(path, config.toString(YAML_FORMAT));
}

/**
 * Step 6: the annotation on create-app's example Component, so its entity
 * page gets the Sandboxes tab. Returns the entity's name.
 */
export function applyAnnotationStep(
  appDir: string,
  steps: ReadmeInstallSteps,
): string {
  const path = join(appDir, 'examples/entities.yaml');
  const annotations = (parseDocument(steps.annotation).toJS() as any)?.metadata
    ?.annotations;
  if (!annotations)
    throw new Error('README step 6 has no metadata.annotations');
  const docs = parseAllDocuments(readFileSync(path, 'utf8'));
  const component = docs.find(doc => doc.get('kind') === 'Component');
  if (!component) throw new Error(`${path} has no Component to annotate`);
  for (const [key, value] of Object.entries(annotations)) {
    component.setIn(['metadata', 'annotations', key], value);
  }
  writeFileSync(path, docs.map(doc => doc.toString(YAML_FORMAT)).join(''));
  return String(component.getIn(['metadata', 'name']));
}
