import { useKubectlAgainstSim } from './__testUtils__/kubectl';

const list = (containerExtra = '') => `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: cfg}
  data: {a: "1"}
- apiVersion: v1
  kind: Service
  metadata: {name: svc}
  spec:
    selector: {app: web}
    ports: [{port: 80}]
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web}
  spec:
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web}}
      spec:
        containers: [{name: web, image: nginx${containerExtra}}]
`;

/**
 * kubectl's client-side validation: a `v1 List` is not a served resource, so
 * kubectl (`--validate=strict`, its default) checks its items against the
 * server's OpenAPI v2 document, which it reads as gnostic protobuf
 * (client-go discovery OpenAPISchema); `kubectl explain` reads OpenAPI v3.
 * The messages are kube-openapi's validation errors, as kubectl prints them
 * against any cluster.
 */
// kubectl takes seconds per call on a loaded machine; the waits are for its answers, not for speed.
jest.setTimeout(120_000);

describe("kubectl v1.32 reads kube-sim's OpenAPI documents", () => {
  const k = useKubectlAgainstSim();

  it('applies a v1 List of a ConfigMap, a Service and a Deployment', async () => {
    const out = await k.kubectl('apply', '-f', k.file('list.yaml', list()));
    expect(out).toContain('configmap/cfg created');
    expect(out).toContain('service/svc created');
    expect(out).toContain('deployment.apps/web created');
    const deployment = JSON.parse(
      await k.kubectl('get', 'deployment', 'web', '-o', 'json'),
    );
    expect(deployment.spec.template.spec.containers[0].image).toBe('nginx');
  });

  it('refuses a List item with an unknown field on the client, as against a cluster', async () => {
    const manifest = k.file('bad.yaml', list(', bogus: 1'));
    expect(await k.kubectlFails('apply', '-f', manifest)).toContain(
      'error validating data: ValidationError(Deployment.spec.template.spec.containers[0]): unknown field "bogus" in io.k8s.api.core.v1.Container; if you choose to ignore these errors, turn validation off with --validate=false',
    );
    expect(await k.kubectl('get', 'configmaps', '-o', 'name')).not.toContain(
      'configmap/cfg',
    );
    // With --validate=false the server drops the field (fieldValidation=Ignore).
    await k.kubectl('apply', '--validate=false', '-f', manifest);
    const deployment = JSON.parse(
      await k.kubectl('get', 'deployment', 'web', '-o', 'json'),
    );
    expect(deployment.spec.template.spec.containers[0].bogus).toBeUndefined();
  });

  it('refuses a wrongly typed List item field with the type kubectl expects', async () => {
    const manifest = k.file(
      'typed.yaml',
      list().replace('ports: [{port: 80}]', 'ports: [{port: "eighty"}]'),
    );
    expect(await k.kubectlFails('apply', '-f', manifest)).toContain(
      'ValidationError(Service.spec.ports[0].port): invalid type for io.k8s.api.core.v1.ServicePort.port: got "string", expected "integer"',
    );
  });

  it('explains built-in kinds from the OpenAPI v3 documents', async () => {
    const out = await k.kubectl('explain', 'deployment.spec');
    expect(out).toContain('KIND:       Deployment');
    expect(out).toContain('FIELD: spec <DeploymentSpec>');
    expect(out).toMatch(/replicas\s+<integer>/);
    expect(out).toMatch(/template\s+<PodTemplateSpec>/);
    const containers = await k.kubectl('explain', 'pods.spec.containers.ports');
    expect(containers).toMatch(/containerPort\s+<integer>/);
  });
});
