import { startKubeSim, KubeSim } from '../../startKubeSim';
import { causesOf, postJson } from '../../__testUtils__/rawApi';

/**
 * Ingress rules and RBAC rules, with the 422 Invalid a real API server
 * gives. Sources: kubernetes pkg/apis/networking/validation/validation.go
 * (ValidateIngressSpec, validateIngressRules, validateHTTPIngressPath,
 * validateIngressBackend, validateIngressTLS; read at master 019c5dc, whose
 * RelaxedServiceNameValidation is an alpha of 1.34, off: 1.32/1.33 name a
 * backend Service by ValidateServiceName, a DNS-1035 label),
 * pkg/apis/rbac/validation/validation.go (validatePolicyRule,
 * ValidateRoleBinding, validateRoleBindingSubject; master 036ae50, unchanged
 * since 1.30), pkg/apis/rbac/v1/defaults.go (SetDefaults_RoleBinding,
 * SetDefaults_Subject), pkg/apis/core/validation/validation.go
 * (ValidateServiceName); k8s.io/apimachinery v0.33.0
 * pkg/util/validation/validation.go (IsWildcardDNS1123Subdomain,
 * IsDNS1035Label) and pkg/api/validation/path/name.go
 * (IsValidPathSegmentName).
 */
describe('Ingress and RBAC rules', () => {
  let sim: KubeSim;
  const INGRESSES = '/apis/networking.k8s.io/v1/namespaces/default/ingresses';
  const RBAC = '/apis/rbac.authorization.k8s.io/v1';
  const backend = { service: { name: 'web', port: { number: 80 } } };

  beforeAll(async () => {
    sim = await startKubeSim({ port: 0, kubeletDelayMs: 10 });
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it('accepts a wildcard host and Prefix/Exact/ImplementationSpecific paths of the documented forms', async () => {
    const res = await postJson(sim, INGRESSES, {
      metadata: { name: 'ok' },
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['*.sandboxes.example.com'], secretName: 'tls' }],
        rules: [
          {
            host: '*.sandboxes.example.com',
            http: {
              paths: [
                { path: '/', pathType: 'Prefix', backend },
                { path: '/healthz', pathType: 'Exact', backend },
                { pathType: 'ImplementationSpecific', backend },
              ],
            },
          },
        ],
      },
    });
    expect(res.status).toBe(201);
  });

  it('refuses hosts that are IPs or malformed wildcards, missing path types and unclean paths', async () => {
    const res = await postJson(sim, INGRESSES, {
      metadata: { name: 'bad' },
      spec: {
        rules: [
          { host: '10.0.0.1', http: { paths: [] } },
          {
            host: 'api.*.example.com',
            http: {
              paths: [
                { path: '/api', backend },
                { path: 'api//v1/.', pathType: 'Prefix', backend },
                { path: '/x', pathType: 'Regex', backend },
              ],
            },
          },
        ],
      },
    });
    expect(res.status).toBe(422);
    const paths = 'spec.rules[1].http.paths';
    expect(causesOf(res)).toEqual([
      'FieldValueInvalid spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
      'FieldValueRequired spec.rules[0].http.paths: Required value',
      `FieldValueInvalid spec.rules[1].host: Invalid value: "api.*.example.com": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      `FieldValueRequired ${paths}[0].pathType: Required value: pathType must be specified`,
      `FieldValueInvalid ${paths}[1].path: Invalid value: "api//v1/.": must be an absolute path`,
      `FieldValueInvalid ${paths}[1].path: Invalid value: "api//v1/.": must not contain '//'`,
      `FieldValueInvalid ${paths}[1].path: Invalid value: "api//v1/.": cannot end with '/.'`,
      `FieldValueNotSupported ${paths}[2].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"`,
    ]);
  });

  it('refuses backends with both a service and a resource, neither, or a bad service name or port', async () => {
    const res = await postJson(sim, INGRESSES, {
      metadata: { name: 'backends' },
      spec: {
        defaultBackend: {
          ...backend,
          resource: { apiGroup: 'k8s.example.com', kind: 'Bucket', name: 'b' },
        },
        rules: [
          {
            http: {
              paths: [
                { path: '/a', pathType: 'Prefix', backend: {} },
                {
                  path: '/b',
                  pathType: 'Prefix',
                  backend: {
                    service: {
                      name: '1web',
                      port: { name: 'http', number: 80 },
                    },
                  },
                },
                {
                  path: '/c',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: {} } },
                },
              ],
            },
          },
        ],
      },
    });
    expect(res.status).toBe(422);
    const paths = 'spec.rules[0].http.paths';
    expect(causesOf(res)).toEqual([
      'FieldValueInvalid spec.defaultBackend: Invalid value: "": cannot set both resource and service backends',
      `FieldValueInvalid ${paths}[0].backend: Invalid value: "": resource or service backend is required`,
      `FieldValueInvalid ${paths}[1].backend.service.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
      `FieldValueInvalid ${paths}[1].backend: Invalid value: "": cannot set both port name & port number`,
      `FieldValueRequired ${paths}[2].backend: Required value: port name or number is required`,
    ]);
    const empty = await postJson(sim, INGRESSES, {
      metadata: { name: 'empty' },
      spec: {},
    });
    expect(causesOf(empty)).toEqual([
      'FieldValueInvalid spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified',
    ]);
  });

  it('refuses policy rules without verbs, non-resource URLs in a Role, resource rules without groups or resources', async () => {
    const role = await postJson(sim, `${RBAC}/namespaces/default/roles`, {
      metadata: { name: 'r' },
      rules: [
        { verbs: [], apiGroups: [''], resources: ['pods'] },
        { verbs: ['get'], nonResourceURLs: ['/healthz'] },
        {
          verbs: ['get'],
          resources: ['pods', 'services'],
          resourceNames: ['a'],
        },
      ],
    });
    expect(role.status).toBe(422);
    expect(causesOf(role)).toEqual([
      'FieldValueRequired rules[0].verbs: Required value: verbs must contain at least one value',
      'FieldValueInvalid rules[1].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs',
      'FieldValueRequired rules[2].apiGroups: Required value: resource rules must supply at least one api group',
      'FieldValueRequired rules[2].resourceNames: Required value: resource names cannot apply to multiple resources',
    ]);
    expect(role.body.message).toMatch(
      /^Role\.rbac\.authorization\.k8s\.io "r" is invalid: \[rules\[0\]\.verbs: /,
    );
    const clusterRole = await postJson(sim, `${RBAC}/clusterroles`, {
      // Path-segment names: the colons of system roles are allowed.
      metadata: { name: 'system:sandbox-reader' },
      rules: [
        { verbs: ['get'], nonResourceURLs: ['/healthz', '/metrics'] },
        { verbs: ['get'], nonResourceURLs: ['/x'], resources: ['pods'] },
      ],
    });
    expect(causesOf(clusterRole)).toEqual([
      'FieldValueInvalid rules[1].nonResourceURLs: Invalid value: []string{"/x"}: rules cannot apply to both regular resources and non-resource URLs',
    ]);
  });

  it('defaults binding API groups and refuses unknown role kinds and subjects', async () => {
    const ok = await postJson(sim, `${RBAC}/namespaces/default/rolebindings`, {
      metadata: { name: 'ok' },
      roleRef: { kind: 'Role', name: 'r' },
      subjects: [{ kind: 'User', name: 'jane' }],
    });
    expect(ok.status).toBe(201);
    expect(ok.body.roleRef.apiGroup).toBe('rbac.authorization.k8s.io');
    expect(ok.body.subjects[0].apiGroup).toBe('rbac.authorization.k8s.io');
    const bad = await postJson(sim, `${RBAC}/clusterrolebindings`, {
      metadata: { name: 'bad' },
      roleRef: {
        kind: 'Role',
        name: 'r',
        apiGroup: 'rbac.authorization.k8s.io',
      },
      subjects: [
        { kind: 'ServiceAccount', name: 'operator' },
        { kind: 'Robot', name: 'r2' },
      ],
    });
    expect(causesOf(bad)).toEqual([
      'FieldValueNotSupported roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
      'FieldValueRequired subjects[0].namespace: Required value',
      'FieldValueNotSupported subjects[1].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
    ]);
  });
});
