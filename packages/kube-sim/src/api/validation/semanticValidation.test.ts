import { startKubeSim, KubeSim } from '../../startKubeSim';
import { causesOf, postJson } from '../../__testUtils__/rawApi';

/**
 * The checks of Kubernetes' validation code that the OpenAPI schema cannot
 * express, with the 422 Invalid a real API server gives (one cause each;
 * message as field.Error's ErrorBody formats it). Sources, per test:
 * k8s.io/apimachinery pkg/util/validation/validation.go (IsQualifiedName,
 * IsValidLabelValue, IsValidPortNum, IsValidPortName), pkg/apis/meta/v1/
 * validation (ValidateLabels, ValidateLabelSelector), pkg/api/validation/
 * objectmeta.go (ValidateAnnotations); kubernetes pkg/apis/apps/validation
 * (ValidateDeploymentSpec, ValidatePodTemplateSpecForReplicaSet) and
 * pkg/apis/core/validation/validation.go (validateContainers,
 * validateContainerPorts, ValidateContainerResourceRequirements,
 * ValidateVolumes, ValidateVolumeMounts,
 * validateServicePort, ValidatePortNumOrName).
 */
describe('validation beyond the schema', () => {
  let sim: KubeSim;
  const post = (path: string, body: unknown) => postJson(sim, path, body);
  const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
  const deployment = (
    spec: { selector?: unknown; labels?: unknown; containers?: unknown[] },
    metadata: Record<string, unknown> = {},
  ) => ({
    metadata: { name: 'web', ...metadata },
    spec: {
      selector: spec.selector ?? { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: spec.labels ?? { app: 'web' } },
        spec: {
          containers: spec.containers ?? [{ name: 'web', image: 'nginx' }],
        },
      },
    },
  });

  beforeAll(async () => {
    sim = await startKubeSim({ port: 0, kubeletDelayMs: 10 });
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it('refuses label keys and values that are not qualified names / label values (ValidateLabels)', async () => {
    const res = await post(
      DEPLOYMENTS,
      deployment({}, { labels: { 'bad key': 'ok', team: '-x-' } }),
    );
    expect(res.status).toBe(422);
    expect(res.body.reason).toBe('Invalid');
    expect(causesOf(res)).toEqual([
      `FieldValueInvalid metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      `FieldValueInvalid metadata.labels: Invalid value: "-x-": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ]);
    expect(res.body.message).toMatch(
      /^Deployment\.apps "web" is invalid: \[metadata\.labels: Invalid value: "bad key": /,
    );
    const prefixed = await post('/api/v1/namespaces/default/configmaps', {
      metadata: {
        name: 'c',
        labels: { 'Example.com/app': 'x', [`${'a'.repeat(64)}`]: 'y' },
      },
    });
    expect(causesOf(prefixed)).toEqual([
      expect.stringContaining(
        `metadata.labels: Invalid value: "Example.com/app": prefix part a lowercase RFC 1123 subdomain must consist of`,
      ),
      `FieldValueInvalid metadata.labels: Invalid value: "${'a'.repeat(
        64,
      )}": name part must be no more than 63 characters`,
    ]);
  });

  it('refuses more than 256 KiB of annotations (ValidateAnnotations)', async () => {
    const res = await post('/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'big', annotations: { note: 'x'.repeat(262_141) } },
    });
    expect(res.status).toBe(422);
    expect(causesOf(res)).toEqual([
      'FieldValueTooLong metadata.annotations: Too long: may not be more than 262144 bytes',
    ]);
    const fits = await post('/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'fits', annotations: { note: 'x'.repeat(262_140) } },
    });
    expect(fits.status).toBe(201);
  });

  it('refuses a Deployment whose selector does not match its template labels, or is empty', async () => {
    const mismatch = await post(
      DEPLOYMENTS,
      deployment({ labels: { app: 'other', tier: 'front' } }),
    );
    expect(mismatch.status).toBe(422);
    expect(causesOf(mismatch)).toEqual([
      'FieldValueInvalid spec.template.metadata.labels: Invalid value: map[string]string{"app":"other", "tier":"front"}: `selector` does not match template `labels`',
    ]);
    const empty = await post(DEPLOYMENTS, deployment({ selector: {} }));
    expect(causesOf(empty)).toEqual([
      'FieldValueInvalid spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
    const expressions = await post(
      DEPLOYMENTS,
      deployment({
        selector: {
          matchExpressions: [
            { key: 'app', operator: 'In', values: [] },
            { key: 'tier', operator: 'Exists', values: ['a'] },
          ],
        },
      }),
    );
    expect(causesOf(expressions)).toEqual([
      "FieldValueRequired spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "FieldValueForbidden spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    ]);
    const matching = await post(
      DEPLOYMENTS,
      deployment({
        selector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] },
      }),
    );
    expect(matching.status).toBe(201);
  });

  it('refuses container names that are not DNS-1123 labels, and duplicates across init containers', async () => {
    const res = await post('/api/v1/namespaces/default/pods', {
      metadata: { name: 'p' },
      spec: {
        initContainers: [{ name: 'web', image: 'busybox' }],
        containers: [
          { name: 'Web_1', image: 'nginx' },
          { name: 'web', image: 'nginx' },
        ],
      },
    });
    expect(res.status).toBe(422);
    expect(causesOf(res)).toEqual([
      `FieldValueInvalid spec.containers[0].name: Invalid value: "Web_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      'FieldValueDuplicate spec.initContainers[0].name: Duplicate value: "web"',
    ]);
  });

  it('refuses volume mounts of undeclared or invalid volumes and duplicate mount paths (ValidateVolumes, ValidateVolumeMounts)', async () => {
    const res = await post('/api/v1/namespaces/default/pods', {
      metadata: { name: 'p' },
      spec: {
        volumes: [
          { name: 'data', emptyDir: {} },
          { name: 'data', emptyDir: {} },
          { name: 'Cache', emptyDir: {} },
        ],
        containers: [
          {
            name: 'app',
            image: 'nginx',
            volumeMounts: [
              { name: 'data', mountPath: '/data' },
              { name: 'config', mountPath: '/etc/app' },
              { name: 'data', mountPath: '/data' },
              { name: 'Cache', mountPath: '/cache' },
            ],
          },
        ],
      },
    });
    expect(res.status).toBe(422);
    const sourceless = await post('/api/v1/namespaces/default/pods', {
      metadata: { name: 'q' },
      spec: {
        volumes: [{ name: 'scratch' }],
        containers: [{ name: 'app', image: 'nginx' }],
      },
    });
    // SetDefaults_Volume (pkg/apis/core/v1/defaults.go) makes it an emptyDir.
    expect(sourceless.body.spec.volumes).toEqual([
      { name: 'scratch', emptyDir: {} },
    ]);
    expect(causesOf(res)).toEqual([
      'FieldValueDuplicate spec.volumes[1].name: Duplicate value: "data"',
      expect.stringMatching(
        /^FieldValueInvalid spec\.volumes\[2\]\.name: Invalid value: "Cache": a lowercase RFC 1123 label/,
      ),
      'FieldValueNotFound spec.containers[0].volumeMounts[1].name: Not found: "config"',
      'FieldValueInvalid spec.containers[0].volumeMounts[2].mountPath: Invalid value: "/data": must be unique',
      'FieldValueNotFound spec.containers[0].volumeMounts[3].name: Not found: "Cache"',
    ]);
  });

  it('refuses container ports out of range and duplicate or malformed port names', async () => {
    const res = await post(
      DEPLOYMENTS,
      deployment({
        containers: [
          {
            name: 'web',
            image: 'nginx',
            ports: [
              { name: 'http', containerPort: 80 },
              { name: 'http', containerPort: 70000 },
              { name: 'metrics--port-too-long', containerPort: 9090 },
              { containerPort: 0 },
            ],
          },
        ],
      }),
    );
    expect(res.status).toBe(422);
    const ports = 'spec.template.spec.containers[0].ports';
    expect(causesOf(res)).toEqual([
      `FieldValueDuplicate ${ports}[1].name: Duplicate value: "http"`,
      `FieldValueInvalid ${ports}[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive`,
      `FieldValueInvalid ${ports}[2].name: Invalid value: "metrics--port-too-long": must be no more than 15 characters`,
      `FieldValueInvalid ${ports}[2].name: Invalid value: "metrics--port-too-long": must not contain consecutive hyphens`,
      `FieldValueRequired ${ports}[3].containerPort: Required value`,
    ]);
  });

  it('refuses negative quantities and a request above its limit', async () => {
    const res = await post('/api/v1/namespaces/default/pods', {
      metadata: { name: 'p' },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx',
            resources: {
              requests: { cpu: '2', memory: '-1Gi' },
              limits: { cpu: '1500m' },
            },
          },
        ],
      },
    });
    expect(res.status).toBe(422);
    expect(causesOf(res)).toEqual([
      'FieldValueInvalid spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1500m',
      'FieldValueInvalid spec.containers[0].resources.requests[memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
    ]);
  });

  it('refuses Service ports out of range, unnamed ports beside others, and a nodePort on a ClusterIP Service', async () => {
    const res = await post('/api/v1/namespaces/default/services', {
      metadata: { name: 'svc' },
      spec: {
        selector: { app: 'web' },
        ports: [
          { name: 'http', port: 80, targetPort: 70000 },
          { port: 65536, targetPort: 'Metrics', nodePort: 30080 },
        ],
      },
    });
    expect(res.status).toBe(422);
    expect(causesOf(res)).toEqual([
      'FieldValueInvalid spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'FieldValueRequired spec.ports[1].name: Required value',
      'FieldValueInvalid spec.ports[1].port: Invalid value: 65536: must be between 1 and 65535, inclusive',
      'FieldValueInvalid spec.ports[1].targetPort: Invalid value: "Metrics": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      "FieldValueForbidden spec.ports[1].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ]);
  });
});
