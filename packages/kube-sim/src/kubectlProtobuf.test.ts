import { useKubectlAgainstSim } from './__testUtils__/kubectl';

/**
 * kubectl's typed generators (`kubectl create deployment|job|service|...`)
 * send their object as `application/vnd.kubernetes.protobuf` (seen with
 * `kubectl -v=8`: "Content-Type: application/vnd.kubernetes.protobuf"); a real
 * API server decodes every built-in kind. Each case creates the object with
 * the real kubectl and reads back the decoded fields as JSON.
 */
// kubectl takes seconds per call on a loaded machine; the waits are for its answers, not for speed.
jest.setTimeout(120_000);

describe('kubectl v1.32 generators send protobuf bodies kube-sim decodes', () => {
  const k = useKubectlAgainstSim();

  const get = async (...args: string[]) =>
    JSON.parse(await k.kubectl('get', ...args, '-o', 'json'));

  it('creates a Deployment, keeps an explicit replicas: 0 and defaults its empty strategy', async () => {
    await k.kubectl(
      'create',
      'deployment',
      'web',
      '--image=nginx:1.27',
      '--image=redis:7',
      '--port=80',
      '--replicas=0',
    );
    const { spec } = await get('deployment', 'web');
    expect(spec.replicas).toBe(0);
    expect(spec.selector).toEqual({ matchLabels: { app: 'web' } });
    expect(spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
    });
    expect(spec.template.metadata.labels).toEqual({ app: 'web' });
    expect(spec.template.spec.containers).toEqual([
      expect.objectContaining({
        name: 'nginx',
        image: 'nginx:1.27',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        resources: {},
      }),
      expect.objectContaining({ name: 'redis', image: 'redis:7' }),
    ]);
    expect(
      await k.kubectl('scale', 'deployment', 'web', '--replicas=2'),
    ).toContain('scaled');
    expect(
      await k.kubectl('label', 'deployment', 'web', 'tier=front'),
    ).toContain('labeled');
    const scaled = await get('deployment', 'web');
    expect(scaled.spec.replicas).toBe(2);
    expect(scaled.metadata.labels).toEqual({ app: 'web', tier: 'front' });
  });

  it('creates a Job and a CronJob with their command', async () => {
    await k.kubectl(
      'create',
      'job',
      'once',
      '--image=busybox',
      '--',
      'echo',
      'hi',
    );
    const job = await get('job', 'once');
    expect(job.spec.template.spec.containers[0].command).toEqual([
      'echo',
      'hi',
    ]);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    await k.kubectl(
      'create',
      'cronjob',
      'tick',
      '--image=busybox',
      '--schedule=*/5 * * * *',
      '--',
      'date',
    );
    const cronJob = await get('cronjob', 'tick');
    expect(cronJob.spec.schedule).toBe('*/5 * * * *');
    // SetDefaults_CronJob, as a cluster returns it.
    expect(cronJob.spec).toEqual(
      expect.objectContaining({
        concurrencyPolicy: 'Allow',
        suspend: false,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 1,
      }),
    );
    expect(cronJob.spec.jobTemplate.spec.template.spec.containers[0]).toEqual(
      expect.objectContaining({
        name: 'tick',
        image: 'busybox',
        command: ['date'],
      }),
    );
  });

  it('creates Services of every type', async () => {
    await k.kubectl('create', 'service', 'clusterip', 'c', '--tcp=80:8080');
    await k.kubectl(
      'create',
      'service',
      'nodeport',
      'n',
      '--tcp=80:8080',
      '--node-port=30080',
    );
    await k.kubectl('create', 'service', 'loadbalancer', 'l', '--tcp=443:8443');
    await k.kubectl(
      'create',
      'service',
      'externalname',
      'e',
      '--external-name=example.com',
    );
    const c = await get('service', 'c');
    expect(c.spec.type).toBe('ClusterIP');
    expect(c.spec.ports).toEqual([
      { name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 },
    ]);
    const n = await get('service', 'n');
    expect(n.spec.ports[0].nodePort).toBe(30080);
    expect((await get('service', 'l')).spec.type).toBe('LoadBalancer');
    expect((await get('service', 'e')).spec.externalName).toBe('example.com');
  });

  it('creates RBAC objects', async () => {
    await k.kubectl(
      'create',
      'role',
      'reader',
      '--verb=get,list',
      '--resource=pods',
      '--resource-name=a',
    );
    await k.kubectl(
      'create',
      'rolebinding',
      'rb',
      '--role=reader',
      '--user=ann',
      '--serviceaccount=default:robot',
    );
    await k.kubectl(
      'create',
      'clusterrole',
      'logs',
      '--verb=get',
      '--non-resource-url=/logs',
    );
    await k.kubectl(
      'create',
      'clusterrolebinding',
      'crb',
      '--clusterrole=logs',
      '--group=ops',
    );
    expect((await get('role', 'reader')).rules).toEqual([
      {
        apiGroups: [''],
        resources: ['pods'],
        resourceNames: ['a'],
        verbs: ['get', 'list'],
      },
    ]);
    const rb = await get('rolebinding', 'rb');
    expect(rb.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'reader',
    });
    expect(rb.subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'ann' },
      { kind: 'ServiceAccount', name: 'robot', namespace: 'default' },
    ]);
    expect((await get('clusterrole', 'logs')).rules).toEqual([
      { nonResourceURLs: ['/logs'], verbs: ['get'] },
    ]);
    expect((await get('clusterrolebinding', 'crb')).subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'ops' },
    ]);
  });

  it('creates a quota, a PriorityClass, a PodDisruptionBudget and an Ingress', async () => {
    await k.kubectl(
      'create',
      'quota',
      'q',
      '--hard=pods=3,requests.cpu=2',
      '--scopes=NotTerminating',
    );
    expect((await get('quota', 'q')).spec).toEqual({
      hard: { pods: '3', 'requests.cpu': '2' },
      scopes: ['NotTerminating'],
    });
    await k.kubectl(
      'create',
      'priorityclass',
      'high',
      '--value=1000',
      '--description=urgent',
      '--preemption-policy=Never',
    );
    const pc = await get('priorityclass', 'high');
    expect([pc.value, pc.description, pc.preemptionPolicy]).toEqual([
      1000,
      'urgent',
      'Never',
    ]);
    await k.kubectl(
      'create',
      'pdb',
      'pdb',
      '--selector=app=web',
      '--min-available=50%',
    );
    expect((await get('pdb', 'pdb')).spec).toEqual({
      minAvailable: '50%',
      selector: { matchLabels: { app: 'web' } },
    });
    await k.kubectl(
      'create',
      'ingress',
      'ing',
      '--class=nginx',
      '--rule=foo.com/bar=svc1:8080,tls=cert',
    );
    expect((await get('ingress', 'ing')).spec).toEqual({
      ingressClassName: 'nginx',
      rules: [
        {
          host: 'foo.com',
          http: {
            paths: [
              {
                path: '/bar',
                pathType: 'Exact',
                backend: { service: { name: 'svc1', port: { number: 8080 } } },
              },
            ],
          },
        },
      ],
      tls: [{ hosts: ['foo.com'], secretName: 'cert' }],
    });
  });

  it('creates a namespace, a ConfigMap, a Secret and a ServiceAccount', async () => {
    await k.kubectl('create', 'namespace', 'team');
    await k.kubectl(
      'create',
      'configmap',
      'cfg',
      '-n',
      'team',
      '--from-literal=a=1',
    );
    await k.kubectl(
      'create',
      'secret',
      'generic',
      'sec',
      '-n',
      'team',
      '--from-literal=p=s3cret',
    );
    await k.kubectl('create', 'serviceaccount', 'robot', '-n', 'team');
    expect((await get('configmap', 'cfg', '-n', 'team')).data).toEqual({
      a: '1',
    });
    expect((await get('secret', 'sec', '-n', 'team')).data).toEqual({
      p: Buffer.from('s3cret').toString('base64'),
    });
    expect(
      (await get('serviceaccount', 'robot', '-n', 'team')).metadata.name,
    ).toBe('robot');
  });
});
