import { spawn } from 'node:child_process';
import path from 'node:path';
import { startKubeSim, KubeSim } from './startKubeSim';
import { waitFor } from './__testUtils__/testClients';
import { KUBECTL, kubectlFor } from './__testUtils__/kubectl';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.example.dev
spec:
  group: example.dev
  scope: Namespaced
  names: {kind: Gadget, plural: gadgets, singular: gadget, shortNames: [gd]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    additionalPrinterColumns:
    - {name: Color, type: string, jsonPath: .spec.color}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              color: {type: string, enum: [red, blue]}
              count: {type: integer, default: 1}
`;

const OBJECTS = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: example.dev/v1
kind: Gadget
metadata: {name: g1, namespace: shop, labels: {tier: front}}
spec: {color: red}
---
apiVersion: example.dev/v1
kind: Gadget
metadata: {name: g2, namespace: shop, labels: {tier: back}}
spec: {color: blue}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data: {mode: fast}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx:1.27}]}
---
apiVersion: v1
kind: Pod
metadata: {name: talker, namespace: shop}
spec: {containers: [{name: main, image: busybox}]}
`;

// kubectl takes seconds per call on a loaded machine; the waits are for its answers, not for speed.
jest.setTimeout(60_000);

describe('kubectl v1.32 against kube-sim', () => {
  // The tests build on each other (the CRD, then its objects, then their
  // changes), so the simulator is not reset between them.
  let sim: KubeSim;
  let k: ReturnType<typeof kubectlFor>;

  beforeAll(async () => {
    sim = await startKubeSim({ port: 0, kubeletDelayMs: 20 });
    k = kubectlFor(sim);
  });
  afterAll(async () => {
    await sim.stop();
    k.cleanup();
  });

  const kubectl = (...args: string[]) => k.kubectl(...args);
  const kubectlFails = (...args: string[]) => k.kubectlFails(...args);

  it('applies a CRD server-side, creates objects, gets and selects them', async () => {
    expect(
      await kubectl('apply', '--server-side', '-f', k.file('crd.yaml', CRD)),
    ).toContain('serverside-applied');
    await kubectl(
      'wait',
      '--for=condition=established',
      'crd/gadgets.example.dev',
      '--timeout=10s',
    );
    expect(
      await kubectl('create', '-f', k.file('objects.yaml', OBJECTS)),
    ).toContain('gadget.example.dev/g1 created');

    const table = await kubectl('get', 'gadgets', '-n', 'shop');
    expect(table).toMatch(/NAME\s+COLOR/);
    expect(table).toMatch(/g1\s+red/);
    const selected = await kubectl(
      'get',
      'gd',
      '-n',
      'shop',
      '-l',
      'tier=back',
      '-o',
      'name',
    );
    expect(selected.trim()).toBe('gadget.example.dev/g2');
    const json = JSON.parse(
      await kubectl('get', 'gadget', 'g1', '-n', 'shop', '-o', 'json'),
    );
    expect(json.spec).toEqual({ color: 'red', count: 1 });
    expect(await kubectl('describe', 'gadget', 'g1', '-n', 'shop')).toContain(
      'Color:  red',
    );
  });

  it('rejects invalid custom objects with the field named', async () => {
    const stderr = await kubectlFails(
      'patch',
      'gadget',
      'g1',
      '-n',
      'shop',
      '--type',
      'merge',
      '-p',
      '{"spec":{"color":"green"}}',
    );
    expect(stderr).toContain('spec.color: Unsupported value: "green"');
  });

  it('patches with merge, json and strategic content types', async () => {
    await kubectl(
      'patch',
      'configmap',
      'settings',
      '-n',
      'shop',
      '--type',
      'merge',
      '-p',
      '{"data":{"extra":"1"}}',
    );
    await kubectl(
      'patch',
      'configmap',
      'settings',
      '-n',
      'shop',
      '--type',
      'json',
      '-p',
      '[{"op":"replace","path":"/data/mode","value":"slow"}]',
    );
    await kubectl(
      'patch',
      'deployment',
      'web',
      '-n',
      'shop',
      '--type',
      'strategic',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"A","value":"1"}]}]}}}}',
    );
    const cm = JSON.parse(
      await kubectl('get', 'cm', 'settings', '-n', 'shop', '-o', 'json'),
    );
    expect(cm.data).toEqual({ mode: 'slow', extra: '1' });
    const deploy = JSON.parse(
      await kubectl('get', 'deploy', 'web', '-n', 'shop', '-o', 'json'),
    );
    expect(deploy.spec.template.spec.containers[0]).toMatchObject({
      name: 'web',
      image: 'nginx:1.27',
      env: [{ name: 'A', value: '1' }],
    });
    expect(
      await kubectlFails(
        'patch',
        'gadget',
        'g1',
        '-n',
        'shop',
        '--type',
        'strategic',
        '-p',
        '{"spec":{"color":"blue"}}',
      ),
    ).toContain('not supported');
    expect(
      await kubectlFails(
        'patch',
        'cm',
        'settings',
        '-n',
        'shop',
        '--type',
        'json',
        '-p',
        '[{"op":"test","path":"/data/mode","value":"fast"}]',
      ),
    ).toContain('testing value /data/mode failed');
  });

  it('watches with get -w', async () => {
    const child = spawn(
      KUBECTL,
      [
        '--cache-dir',
        path.join(k.dir, 'cache'),
        'get',
        'configmaps',
        '-n',
        'shop',
        '-w',
        '--request-timeout=10s',
      ],
      { env: k.env() },
    );
    let out = '';
    child.stdout.on('data', chunk => {
      out += chunk;
    });
    try {
      await waitFor(() => out.includes('settings'), 10_000);
      const watched = await kubectl(
        'create',
        'configmap',
        'watched',
        '-n',
        'shop',
        '--dry-run=client',
        '-o',
        'yaml',
      );
      await kubectl('apply', '-f', k.file('watched.yaml', watched));
      await waitFor(() => out.includes('watched'), 10_000);
      expect(out).toMatch(/watched\s+0\s+\d+s/);
    } finally {
      child.kill();
    }
  });

  it('rolls out, reads logs and scales', async () => {
    await kubectl(
      'rollout',
      'status',
      'deployment/web',
      '-n',
      'shop',
      '--timeout=20s',
    );
    await kubectl(
      'wait',
      '--for=condition=Ready',
      'pod/talker',
      '-n',
      'shop',
      '--timeout=10s',
    );
    expect(await kubectl('logs', 'talker', '-n', 'shop')).toContain(
      'kube-sim: container main started (image busybox)',
    );
    await kubectl('scale', 'deployment/web', '-n', 'shop', '--replicas=2');
    await waitFor(
      async () =>
        (
          await kubectl(
            'get',
            'pods',
            '-n',
            'shop',
            '-l',
            'app=web',
            '-o',
            'name',
          )
        )
          .trim()
          .split('\n').length === 2,
      10_000,
    );
  });

  it('describes an object with the events.k8s.io/v1 events recorded about it', async () => {
    const uid = await kubectl(
      'get',
      'gadget',
      'g1',
      '-n',
      'shop',
      '-o',
      'jsonpath={.metadata.uid}',
    );
    const event = `apiVersion: events.k8s.io/v1
kind: Event
metadata: {name: g1.painted, namespace: shop}
eventTime: "${new Date().toISOString().replace('Z', '000Z')}"
reportingController: example.dev/gadget-controller
reportingInstance: gadget-controller-0
action: Paint
reason: Painted
type: Normal
note: gadget g1 painted red
regarding: {apiVersion: example.dev/v1, kind: Gadget, name: g1, namespace: shop, uid: ${uid}}
`;
    await kubectl('create', '-f', k.file('event.yaml', event));
    const described = await kubectl('describe', 'gadget', 'g1', '-n', 'shop');
    expect(described).toMatch(
      /Events:[\s\S]*Normal\s+Painted\s+.*gadget g1 painted red/,
    );
    expect(await kubectl('get', 'events', '-n', 'shop')).toMatch(
      /Normal\s+Painted\s+gadget\/g1\s+gadget g1 painted red/,
    );
  });

  it('deletes a namespace with its contents', async () => {
    expect(
      await kubectl('delete', 'namespace', 'shop', '--timeout=20s'),
    ).toContain('namespace "shop" deleted');
    expect(await kubectlFails('get', 'namespace', 'shop')).toContain(
      'NotFound',
    );
    expect(await kubectl('get', 'gadgets', '-A', '-o', 'name')).toBe('');
  });
});
