import fs from 'fs';
import path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import {
  CRD_FILE_NAMES,
  renderCrdYamlFiles,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { findResourceType } from './kube/resources';

const deployDir = path.resolve(__dirname, '..', 'deploy');
const read = (...parts: string[]) =>
  fs.readFileSync(path.join(deployDir, ...parts), 'utf8');

describe('deploy manifests', () => {
  it('carry the CRDs generated from the shared schemas, once: the Helm chart links to deploy/crds', () => {
    const rendered = renderCrdYamlFiles();
    for (const file of CRD_FILE_NAMES) {
      expect(parse(read('crds', file))).toEqual(parse(rendered[file]));
    }
    const chart = path.join(deployDir, 'helm', 'sandbox-operator');
    expect(fs.realpathSync(path.join(chart, 'crds'))).toBe(
      fs.realpathSync(path.join(deployDir, 'crds')),
    );
  });

  it('ship the demo template in the Helm chart as a link to examples/', () => {
    const chart = path.join(deployDir, 'helm', 'sandbox-operator');
    expect(
      fs.realpathSync(path.join(chart, 'files', 'payments-api.yaml')),
    ).toBe(
      fs.realpathSync(path.join(deployDir, 'examples', 'payments-api.yaml')),
    );
  });

  it('let the operator read Secrets only in its own namespace (staged secret parameters), by list and watch', () => {
    const objects = parseAllDocuments(read('rbac.yaml')).map(d => d.toJS());
    const readsSecrets = (rule: {
      apiGroups: string[];
      resources: string[];
      verbs: string[];
    }) =>
      rule.apiGroups.includes('') &&
      rule.resources.includes('secrets') &&
      rule.verbs.some(v => /^(get|list|watch|\*)$/.test(v));
    const clusterRole = objects.find(d => d.kind === 'ClusterRole');
    expect(clusterRole.rules.some(readsSecrets)).toBe(false);
    const reading = objects.filter(
      d => d.kind === 'Role' && d.rules.some(readsSecrets),
    );
    expect(reading).toHaveLength(1);
    expect(reading[0].metadata.namespace).toBe('sandbox-operator-system');
    expect(reading[0].rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['list', 'watch'] },
    ]);
    const binding = objects.find(
      d =>
        d.kind === 'RoleBinding' && d.roleRef.name === reading[0].metadata.name,
    );
    expect(binding.metadata.namespace).toBe('sandbox-operator-system');
    const args: string[] = parseAllDocuments(read('deployment.yaml'))
      .map(d => d.toJS())
      .find(d => d.kind === 'Deployment').spec.template.spec.containers[0].args;
    expect(args).toContain(
      '--secret-parameters-namespace=sandbox-operator-system',
    );
  });

  it('grant the operator every namespaced kind a template may create, and no RBAC kinds', () => {
    const clusterRole = parseAllDocuments(read('rbac.yaml'))
      .map(d => d.toJS())
      .find(d => d.kind === 'ClusterRole');
    const granted = new Set<string>();
    for (const rule of clusterRole.rules) {
      for (const group of rule.apiGroups) {
        for (const resource of rule.resources) {
          if (rule.verbs.includes('create') && rule.verbs.includes('patch')) {
            granted.add(`${group}/${resource}`);
          }
        }
      }
    }
    const kinds: Array<[string, string]> = [
      ['v1', 'ConfigMap'],
      ['v1', 'Secret'],
      ['v1', 'Service'],
      ['v1', 'ServiceAccount'],
      ['v1', 'PersistentVolumeClaim'],
      ['apps/v1', 'Deployment'],
      ['apps/v1', 'StatefulSet'],
      ['batch/v1', 'Job'],
      ['batch/v1', 'CronJob'],
      ['networking.k8s.io/v1', 'Ingress'],
    ];
    for (const [apiVersion, kind] of kinds) {
      const type = findResourceType(apiVersion, kind)!;
      expect(type.allowedInTemplates).toBe(true);
      const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
      expect(granted).toContain(`${group}/${type.plural}`);
    }
    expect(
      findResourceType('rbac.authorization.k8s.io/v1', 'Role'),
    ).toBeUndefined();
    expect(
      clusterRole.rules.some((r: { apiGroups: string[] }) =>
        r.apiGroups.includes('rbac.authorization.k8s.io'),
      ),
    ).toBe(false);
  });
});
