import { useKubectlAgainstSim } from './__testUtils__/kubectl';

const deployment = (extraContainerField = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
${extraContainerField ? `        ${extraContainerField}\n` : ''}`;

/**
 * What kubectl v1.32 shows when a real API server refuses a manifest.
 * kubectl sends fieldValidation=Strict on create/apply/replace by default
 * (`--validate=strict`, kubectl reference) and Ignore with --validate=false.
 */
// kubectl takes seconds per call on a loaded machine; the waits are for its answers, not for speed.
jest.setTimeout(60_000);

describe('kubectl v1.32 sees the refusals a real API server gives', () => {
  const k = useKubectlAgainstSim();

  it('refuses an unknown field on apply and create (strict by default), drops it with --validate=false', async () => {
    const manifest = k.file('unknown.yaml', deployment('bogus: true'));
    expect(await k.kubectlFails('apply', '-f', manifest)).toContain(
      'strict decoding error: unknown field "spec.template.spec.containers[0].bogus"',
    );
    expect(await k.kubectlFails('create', '-f', manifest)).toContain(
      'strict decoding error: unknown field "spec.template.spec.containers[0].bogus"',
    );
    expect(
      await k.kubectl('apply', '--validate=false', '-f', manifest),
    ).toContain('deployment.apps/web created');
    const stored = JSON.parse(
      await k.kubectl('get', 'deploy', 'web', '-o', 'json'),
    );
    expect(stored.spec.template.spec.containers[0].bogus).toBeUndefined();
  });

  it('shows the typed patch error of a server-side apply with an undeclared field', async () => {
    const manifest = k.file('ssa.yaml', deployment('bogus: true'));
    expect(
      await k.kubectlFails('apply', '--server-side', '-f', manifest),
    ).toContain(
      'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers[0].bogus: field not declared in schema',
    );
  });

  it('shows a wrongly typed field as the decoder error', async () => {
    const manifest = k.file(
      'typed.yaml',
      deployment('ports: [{containerPort: "80"}]'),
    );
    expect(await k.kubectlFails('create', '-f', manifest)).toContain(
      'json: cannot unmarshal string into Go struct field spec.template.spec.containers[0].ports[0].containerPort',
    );
  });

  it("shows 'field is immutable' when an apply changes a Deployment's selector", async () => {
    await k.kubectl('apply', '-f', k.file('v1.yaml', deployment()));
    const changed = deployment()
      .replace(
        'selector: {matchLabels: {app: web}}',
        'selector: {matchLabels: {app: web, tier: front}}',
      )
      .replace('labels: {app: web}', 'labels: {app: web, tier: front}');
    const stderr = await k.kubectlFails(
      'apply',
      '-f',
      k.file('v2.yaml', changed),
    );
    expect(stderr).toMatch(
      /The Deployment "web" is invalid: spec\.selector: Invalid value: .*: field is immutable/,
    );
  });

  it('shows a selector that does not match the template labels, and an invalid container name', async () => {
    const mismatch = deployment().replace(
      'labels: {app: web}',
      'labels: {app: api}',
    );
    expect(
      await k.kubectlFails('apply', '-f', k.file('mismatch.yaml', mismatch)),
    ).toContain(
      'The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"api"}: `selector` does not match template `labels`',
    );
    const badName = deployment().replace('- name: web', '- name: Web');
    expect(
      await k.kubectlFails('create', '-f', k.file('name.yaml', badName)),
    ).toContain(
      'The Deployment "web" is invalid: spec.template.spec.containers[0].name: Invalid value: "Web": a lowercase RFC 1123 label must consist of',
    );
  });

  it('shows a probe without a handler and a node port out of range or taken', async () => {
    const probe = deployment('livenessProbe: {periodSeconds: 5}');
    expect(
      await k.kubectlFails('apply', '-f', k.file('probe.yaml', probe)),
    ).toContain(
      'The Deployment "web" is invalid: spec.template.spec.containers[0].livenessProbe: Required value: must specify a handler type',
    );
    expect(
      await k.kubectlFails(
        'create',
        'service',
        'nodeport',
        'low',
        '--tcp=80:8080',
        '--node-port=8080',
      ),
    ).toContain(
      'error: failed to create NodePort service: Service "low" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    await k.kubectl(
      'create',
      'service',
      'nodeport',
      'first',
      '--tcp=80:8080',
      '--node-port=30080',
    );
    expect(
      await k.kubectlFails(
        'create',
        'service',
        'nodeport',
        'second',
        '--tcp=80:8080',
        '--node-port=30080',
      ),
    ).toContain(
      'error: failed to create NodePort service: Service "second" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    );
  });
});
