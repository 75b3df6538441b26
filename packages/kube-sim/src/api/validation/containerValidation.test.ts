import { startKubeSim, KubeSim } from '../../startKubeSim';
import { causesOf, postJson } from '../../__testUtils__/rawApi';

/**
 * Probes, lifecycle hooks and env vars of a container, with the 422 Invalid
 * a real API server gives (one cause per field.Error, worded as ErrorBody).
 * Sources, read at kubernetes master 000f260 (the functions are the same in
 * v1.32/v1.33 except where a test says otherwise):
 * pkg/apis/core/validation/validation.go (validateContainers,
 * validateInitContainers, validateLivenessProbe, validateReadinessProbe,
 * validateStartupProbe, validateProbe, validateHandler, validateExecAction,
 * validateHTTPGetAction, ValidatePortNumOrName, ValidateEnv,
 * validateEnvVarValueFrom, validateObjectFieldSelector,
 * validateConfigMapKeySelector, ValidateEnvFrom); pkg/apis/core/v1/defaults.go
 * (SetDefaults_Probe, SetDefaults_HTTPGetAction); k8s.io/apimachinery v0.33.0
 * pkg/util/validation/validation.go (IsRelaxedEnvVarName, IsConfigMapKey,
 * IsValidPortName, IsHTTPHeaderName); pkg/features/kube_features.go
 * (RelaxedEnvironmentVariableValidation: alpha off in 1.30, beta on in 1.32).
 */
describe('container probes and env vars', () => {
  let sim: KubeSim;
  const PODS = '/api/v1/namespaces/default/pods';
  const pod = (container: Record<string, unknown>, spec = {}) =>
    postJson(sim, PODS, {
      metadata: { name: 'p' },
      spec: {
        containers: [{ name: 'app', image: 'nginx', ...container }],
        ...spec,
      },
    });

  beforeAll(async () => {
    sim = await startKubeSim({ port: 0, kubeletDelayMs: 10 });
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it('defaults a probe zero timings and an httpGet path and scheme (SetDefaults_Probe)', async () => {
    const res = await pod({
      readinessProbe: {
        httpGet: { port: 'http' },
        periodSeconds: 0,
        successThreshold: 2,
      },
      ports: [{ name: 'http', containerPort: 8080 }],
    });
    expect(res.status).toBe(201);
    expect(res.body.spec.containers[0].readinessProbe).toEqual({
      httpGet: { port: 'http', path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 2,
      failureThreshold: 3,
    });
  });

  it('refuses a probe with no handler or two, negative timings and a liveness successThreshold other than 1', async () => {
    const res = await pod({
      livenessProbe: {
        exec: { command: ['true'] },
        tcpSocket: { port: 8080 },
        successThreshold: 2,
        periodSeconds: -1,
      },
      readinessProbe: {
        initialDelaySeconds: 5,
        terminationGracePeriodSeconds: 10,
      },
      startupProbe: { grpc: { port: 70000 }, failureThreshold: -3 },
    });
    expect(res.status).toBe(422);
    const c = 'spec.containers[0]';
    expect(causesOf(res)).toEqual([
      `FieldValueForbidden ${c}.livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type`,
      `FieldValueInvalid ${c}.livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0`,
      `FieldValueInvalid ${c}.livenessProbe.successThreshold: Invalid value: 2: must be 1`,
      `FieldValueRequired ${c}.readinessProbe: Required value: must specify a handler type`,
      `FieldValueInvalid ${c}.readinessProbe.terminationGracePeriodSeconds: Invalid value: 10: must not be set for readinessProbes`,
      `FieldValueInvalid ${c}.startupProbe.grpc.port: Invalid value: 70000: must be between 1 and 65535, inclusive`,
      `FieldValueInvalid ${c}.startupProbe.failureThreshold: Invalid value: -3: must be greater than or equal to 0`,
    ]);
    expect(res.body.message).toMatch(
      /^Pod "p" is invalid: \[spec\.containers\[0\]\.livenessProbe\.tcpSocket: Forbidden: may not specify more than 1 handler type, /,
    );
  });

  it('checks handler actions: exec command, httpGet port names and header names, lifecycle hooks', async () => {
    const res = await pod({
      livenessProbe: {
        httpGet: {
          port: 'Web_Port',
          httpHeaders: [{ name: 'X Custom', value: 'v' }],
        },
      },
      readinessProbe: { exec: { command: [] } },
      lifecycle: { preStop: {} },
    });
    expect(res.status).toBe(422);
    const c = 'spec.containers[0]';
    expect(causesOf(res)).toEqual([
      `FieldValueRequired ${c}.lifecycle.preStop: Required value: must specify a handler type`,
      `FieldValueInvalid ${c}.livenessProbe.httpGet.port: Invalid value: "Web_Port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`,
      `FieldValueInvalid ${c}.livenessProbe.httpGet.httpHeaders: Invalid value: "X Custom": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')`,
      `FieldValueRequired ${c}.readinessProbe.exec.command: Required value`,
    ]);
  });

  it('forbids probes on init containers unless they are sidecars (restartPolicy Always)', async () => {
    const probe = { tcpSocket: { port: 5432 } };
    const res = await pod(
      {},
      {
        initContainers: [
          { name: 'migrate', image: 'db', readinessProbe: probe },
          {
            name: 'proxy',
            image: 'proxy',
            restartPolicy: 'Always',
            livenessProbe: { ...probe, successThreshold: 3 },
            readinessProbe: probe,
          },
        ],
      },
    );
    expect(res.status).toBe(422);
    expect(causesOf(res)).toEqual([
      'FieldValueForbidden spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
      'FieldValueInvalid spec.initContainers[1].livenessProbe.successThreshold: Invalid value: 3: must be 1',
    ]);
  });

  it('takes env var names under the relaxed rule of 1.32+ and refuses "=" and control characters', async () => {
    const accepted = await pod({
      env: [
        { name: '1st.var name', value: 'x' },
        { name: 'Path:With:Colons', value: 'y' },
      ],
    });
    // Before 1.32 (gate off) "1st.var name" was refused (IsEnvVarName).
    expect(accepted.status).toBe(201);
    await sim.reset();
    const res = await pod({
      env: [{ name: 'A=B', value: 'x' }, { name: 'TAB\there' }, { name: '' }],
      envFrom: [{ prefix: 'P=', configMapRef: { name: 'settings' } }],
    });
    expect(res.status).toBe(422);
    const relaxed =
      "a valid environment variable name must consist only of printable ASCII characters other than '='";
    const c = 'spec.containers[0]';
    expect(causesOf(res)).toEqual([
      `FieldValueInvalid ${c}.env[0].name: Invalid value: "A=B": ${relaxed}`,
      `FieldValueInvalid ${c}.env[1].name: Invalid value: "TAB\\there": ${relaxed}`,
      `FieldValueRequired ${c}.env[2].name: Required value`,
      `FieldValueInvalid ${c}.envFrom[0].prefix: Invalid value: "P=": ${relaxed}`,
    ]);
  });

  it('refuses valueFrom without a source or with two, beside a value, and bad key selectors', async () => {
    const res = await pod({
      env: [
        { name: 'NONE', valueFrom: {} },
        {
          name: 'BOTH',
          value: 'literal',
          valueFrom: { secretKeyRef: { name: 'db', key: 'password' } },
        },
        {
          name: 'TWO',
          valueFrom: {
            fieldRef: { fieldPath: 'metadata.name' },
            configMapKeyRef: { name: 'Settings', key: '../escape' },
          },
        },
        {
          name: 'PHASE',
          valueFrom: { fieldRef: { fieldPath: 'status.phase' } },
        },
        {
          name: 'HOST',
          valueFrom: { fieldRef: { fieldPath: 'spec.hostname' } },
        },
      ],
      envFrom: [{}],
    });
    expect(res.status).toBe(422);
    const e = 'spec.containers[0].env';
    expect(causesOf(res)).toEqual([
      `FieldValueInvalid ${e}[0].valueFrom: Invalid value: "": must specify one of: \`fieldRef\`, \`resourceFieldRef\`, \`configMapKeyRef\` or \`secretKeyRef\``,
      `FieldValueInvalid ${e}[1].valueFrom: Invalid value: "": may not be specified when \`value\` is not empty`,
      expect.stringMatching(
        /^FieldValueInvalid spec\.containers\[0\]\.env\[2\]\.valueFrom\.configMapKeyRef\.name: Invalid value: "Settings": a lowercase RFC 1123 subdomain/,
      ),
      `FieldValueInvalid ${e}[2].valueFrom.configMapKeyRef.key: Invalid value: "../escape": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
      `FieldValueInvalid ${e}[2].valueFrom.configMapKeyRef.key: Invalid value: "../escape": must not start with '..'`,
      `FieldValueInvalid ${e}[2].valueFrom: Invalid value: "": may not have more than one field specified at a time`,
      `FieldValueNotSupported ${e}[3].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"`,
      `FieldValueInvalid ${e}[4].valueFrom.fieldRef.fieldPath: Invalid value: "spec.hostname": error converting fieldPath: field label not supported: spec.hostname`,
      'FieldValueInvalid spec.containers[0].envFrom: Invalid value: "": must specify one of: `configMapRef` or `secretRef`',
    ]);
  });
});
