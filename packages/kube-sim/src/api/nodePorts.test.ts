import { startKubeSim, KubeSim } from '../startKubeSim';
import { causesOf, postJson, sendJson } from '../__testUtils__/rawApi';

/**
 * Node port allocation of NodePort and LoadBalancer Services, as the API
 * server does it after validation. Sources: kubernetes
 * pkg/registry/core/service/storage/alloc.go (initNodePorts,
 * updateNodePorts, txnUpdateNodePorts: release on a change to ClusterIP or
 * ExternalName; read at master 03d11c5), storage.go (patchAllocatedValues,
 * dropTypeDependentFields), pkg/registry/core/service/portallocator
 * (ErrNotInRange "provided port is not in the valid range. The range of
 * valid ports is 30000-32767", ErrAllocated "provided port is already
 * allocated"; the default --service-node-port-range 30000-32767 and the
 * ServiceNodePortStaticSubrange bands, GA in 1.29),
 * pkg/apis/core/validation/validation.go (ValidateService: a node port once
 * per protocol); docs: https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport.
 */
describe('node ports', () => {
  let sim: KubeSim;
  const SERVICES = '/api/v1/namespaces/default/services';
  const service = (
    name: string,
    ports: Record<string, unknown>[],
    type = 'NodePort',
  ) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { type, selector: { app: name }, ports },
  });
  const send = (method: string, path: string, body?: unknown) =>
    sendJson(sim, method, path, body);

  beforeAll(async () => {
    sim = await startKubeSim({ port: 0, kubeletDelayMs: 10 });
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it('allocates a free port of the dynamic band and keeps it when an update leaves it out', async () => {
    const created = await postJson(
      sim,
      SERVICES,
      service('web', [{ port: 80, targetPort: 8080 }]),
    );
    expect(created.status).toBe(201);
    const nodePort = created.body.spec.ports[0].nodePort;
    // 30000-30085 is the static band left to users who pick a port.
    expect(nodePort).toBeGreaterThanOrEqual(30086);
    expect(nodePort).toBeLessThanOrEqual(32767);
    const { body: current } = await send('GET', `${SERVICES}/web`);
    delete current.spec.ports[0].nodePort;
    const updated = await send('PUT', `${SERVICES}/web`, current);
    expect(updated.status).toBe(200);
    expect(updated.body.spec.ports[0].nodePort).toBe(nodePort);
  });

  it('refuses a port out of range or taken by another Service, after validation', async () => {
    const out = await postJson(
      sim,
      SERVICES,
      service('low', [{ port: 80, nodePort: 8080 }]),
    );
    expect(out.status).toBe(422);
    expect(out.body.message).toBe(
      'Service "low" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    expect(
      (
        await postJson(
          sim,
          SERVICES,
          service('a', [{ port: 80, nodePort: 30080 }]),
        )
      ).status,
    ).toBe(201);
    const taken = await postJson(
      sim,
      SERVICES,
      service('b', [
        { name: 'http', port: 80, nodePort: 30081 },
        { name: 'alt', port: 81, nodePort: 30080 },
      ]),
    );
    expect(taken.status).toBe(422);
    expect(causesOf(taken)).toEqual([
      'FieldValueInvalid spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated',
    ]);
    // Nothing of the refused Service stays allocated.
    expect(
      (
        await postJson(
          sim,
          SERVICES,
          service('c', [{ port: 80, nodePort: 30081 }]),
        )
      ).status,
    ).toBe(201);
  });

  it('releases ports when a Service is deleted or becomes ClusterIP, and allocates none on a dry run', async () => {
    await postJson(
      sim,
      SERVICES,
      service('a', [{ port: 80, nodePort: 30080 }]),
    );
    await postJson(
      sim,
      SERVICES,
      service('b', [{ port: 80, nodePort: 30081 }]),
    );
    const dry = await postJson(
      sim,
      `${SERVICES}?dryRun=All`,
      service('dry', [{ port: 80, nodePort: 30082 }]),
    );
    expect(dry.status).toBe(201);
    expect(
      (
        await postJson(
          sim,
          SERVICES,
          service('c', [{ port: 80, nodePort: 30082 }]),
        )
      ).status,
    ).toBe(201);

    expect((await send('DELETE', `${SERVICES}/a`)).status).toBe(200);
    // kubectl apply of type: ClusterIP keeps the old nodePort in the patch;
    // dropTypeDependentFields clears it since the user did not change it.
    const { body: b } = await send('GET', `${SERVICES}/b`);
    b.spec.type = 'ClusterIP';
    const toClusterIp = await send('PUT', `${SERVICES}/b`, b);
    expect(toClusterIp.status).toBe(200);
    expect(toClusterIp.body.spec.ports[0].nodePort).toBeUndefined();
    const reuse = await postJson(
      sim,
      SERVICES,
      service('d', [
        { name: 'a', port: 80, nodePort: 30080 },
        { name: 'b', port: 81, nodePort: 30081 },
      ]),
    );
    expect(reuse.status).toBe(201);
  });

  it('gives the TCP and UDP ports of one number one node port, and refuses a node port twice for one protocol', async () => {
    const dns = await postJson(
      sim,
      SERVICES,
      service('dns', [
        { name: 'udp', port: 53, protocol: 'UDP' },
        { name: 'tcp', port: 53, protocol: 'TCP', nodePort: 30053 },
      ]),
    );
    expect(dns.status).toBe(201);
    expect(dns.body.spec.ports.map((p: any) => p.nodePort)).toEqual([
      30053, 30053,
    ]);
    const twice = await postJson(
      sim,
      SERVICES,
      service('twice', [
        { name: 'a', port: 80, nodePort: 30090 },
        { name: 'b', port: 81, nodePort: 30090 },
      ]),
    );
    expect(causesOf(twice)).toEqual([
      'FieldValueDuplicate spec.ports[1].nodePort: Duplicate value: 30090',
    ]);
  });
});
