import { DEFAULT_SECRET_PARAMETERS_NAMESPACE } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KubeFixture, startKubeFixture } from '../__testUtils__/kubeFixture';

jest.setTimeout(60_000);

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };
type RbacObject = {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: Rule[];
};

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const PATHS: Record<string, (namespace?: string) => string> = {
  ClusterRole: () => `${RBAC}/clusterroles`,
  ClusterRoleBinding: () => `${RBAC}/clusterrolebindings`,
  Role: namespace => `${RBAC}/namespaces/${namespace}/roles`,
  RoleBinding: namespace => `${RBAC}/namespaces/${namespace}/rolebindings`,
};

/**
 * deploy/rbac.yaml, the backend's cluster permissions, as an API server
 * takes it: each document sent as YAML to kube-sim with a strict dry run
 * (kube-sim validates RBAC objects as the real API server does), then what
 * it grants checked against what the backend calls.
 */
describe('deploy/rbac.yaml', () => {
  let kube: KubeFixture;
  const objects: RbacObject[] = [];

  beforeAll(async () => {
    kube = await startKubeFixture();
    await fetch(`${kube.sim.url}/api/v1/namespaces`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: DEFAULT_SECRET_PARAMETERS_NAMESPACE },
      }),
    });
    const text = readFileSync(
      resolve(__dirname, '../../deploy/rbac.yaml'),
      'utf8',
    );
    for (const document of text.split(/^---$/m)) {
      const kind = document.match(/^kind: (\w+)$/m)?.[1] ?? '';
      const namespace = document.match(/^ {2}namespace: (\S+)$/m)?.[1];
      const path = PATHS[kind]?.(namespace);
      if (!path) throw new Error(`unexpected document kind '${kind}'`);
      const res = await fetch(
        `${kube.sim.url}${path}?dryRun=All&fieldValidation=Strict`,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/yaml' },
          body: document,
        },
      );
      if (res.status !== 201) {
        throw new Error(`${kind} refused: ${res.status} ${await res.text()}`);
      }
      objects.push(await res.json());
    }
  });

  afterAll(async () => {
    await kube?.stop();
  });

  const rulesFor = (resource: string, kind: string) =>
    objects
      .filter(o => o.kind === kind)
      .flatMap(o => o.rules ?? [])
      .filter(r => r.resources.includes(resource));

  it('is accepted by the API server: two roles, each bound', () => {
    expect(objects.map(o => o.kind).sort()).toEqual([
      'ClusterRole',
      'ClusterRoleBinding',
      'Role',
      'RoleBinding',
    ]);
  });

  it('grants secrets only in the staging namespace, with the verbs the backend uses', () => {
    expect(rulesFor('secrets', 'ClusterRole')).toEqual([]);
    const role = objects.find(o => o.kind === 'Role')!;
    expect(role.metadata.namespace).toBe(DEFAULT_SECRET_PARAMETERS_NAMESPACE);
    expect(role.rules).toEqual([
      {
        apiGroups: [''],
        resources: ['secrets'],
        verbs: ['create', 'get', 'patch', 'delete'],
      },
    ]);
  });

  it('grants what the index and the API call on sandboxes and templates', () => {
    expect(rulesFor('sandboxes', 'ClusterRole')[0].verbs).toEqual(
      expect.arrayContaining(['get', 'list', 'watch', 'create', 'patch']),
    );
    expect(rulesFor('sandboxtemplates', 'ClusterRole')[0].verbs).toEqual(
      expect.arrayContaining(['list', 'watch']),
    );
  });
});
