import { startKubeSim, KubeSim } from '../../startKubeSim';
import { causesOf, postJson } from '../../__testUtils__/rawApi';

/**
 * Volume sources and mounts, with the 422 Invalid a real API server gives.
 * Sources, read at kubernetes master 000f260 (unchanged since v1.30 for
 * these functions): pkg/apis/core/validation/validation.go (ValidateVolumes,
 * validateVolumeSource, validateSecretVolumeSource,
 * validateConfigMapVolumeSource, validateKeyToPath,
 * ValidateLocalNonReservedPath, validateLocalDescendingPath,
 * validateProjectionSources, validateDownwardAPIVolumeFile,
 * ValidateVolumeMounts); pkg/apis/core/v1/defaults.go (SetDefaults_Volume).
 */
describe('volume sources and mounts', () => {
  let sim: KubeSim;
  const pod = (volumes: unknown[], volumeMounts: unknown[] = []) =>
    postJson(sim, '/api/v1/namespaces/default/pods', {
      metadata: { name: 'p' },
      spec: {
        volumes,
        containers: [{ name: 'app', image: 'nginx', volumeMounts }],
      },
    });

  beforeAll(async () => {
    sim = await startKubeSim({ port: 0, kubeletDelayMs: 10 });
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it('refuses a volume with more than one source (in validateVolumeSource order), and mounts of it are then not found', async () => {
    const res = await pod(
      [
        {
          name: 'data',
          emptyDir: {},
          configMap: { name: 'settings' },
          downwardAPI: { items: [] },
        },
      ],
      [{ name: 'data', mountPath: '/data' }],
    );
    expect(res.status).toBe(422);
    expect(causesOf(res)).toEqual([
      'FieldValueForbidden spec.volumes[0].downwarAPI: Forbidden: may not specify more than 1 volume type',
      'FieldValueForbidden spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type',
      'FieldValueNotFound spec.containers[0].volumeMounts[0].name: Not found: "data"',
    ]);
  });

  it('checks configMap and secret items: key, relative path without "..", file modes', async () => {
    const res = await pod([
      {
        name: 'settings',
        configMap: {
          name: 'settings',
          defaultMode: 0o1000,
          items: [
            { key: 'app.yaml', path: '/etc/app.yaml' },
            { key: 'b', path: 'conf/../../b' },
            { key: 'c', path: '..c', mode: -1 },
          ],
        },
      },
      { name: 'creds', secret: { items: [{ key: '', path: 'x' }] } },
      { name: 'claim', persistentVolumeClaim: { claimName: '' } },
    ]);
    expect(res.status).toBe(422);
    const items = 'spec.volumes[0].configMap.items';
    expect(causesOf(res)).toEqual([
      'FieldValueInvalid spec.volumes[0].configMap.defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive',
      `FieldValueInvalid ${items}[0].path: Invalid value: "/etc/app.yaml": must be a relative path`,
      `FieldValueInvalid ${items}[1].path: Invalid value: "conf/../../b": must not contain '..'`,
      `FieldValueInvalid ${items}[2].path: Invalid value: "..c": must not start with '..'`,
      `FieldValueInvalid ${items}[2].mode: Invalid value: -1: must be a number between 0 and 0777 (octal), both inclusive`,
      'FieldValueRequired spec.volumes[1].secret.secretName: Required value',
      'FieldValueRequired spec.volumes[1].secret.items[0].key: Required value',
      'FieldValueRequired spec.volumes[2].persistentVolumeClaim.claimName: Required value',
    ]);
  });

  it('checks projected volumes: one source per entry, no path twice, token lifetime', async () => {
    const res = await pod([
      {
        name: 'bundle',
        projected: {
          sources: [
            {
              configMap: { name: 'a', items: [{ key: 'k', path: 'conf' }] },
              secret: { name: 'b', items: [{ key: 'k', path: 'conf' }] },
            },
            { serviceAccountToken: { path: 'token', expirationSeconds: 60 } },
          ],
        },
      },
    ]);
    expect(res.status).toBe(422);
    expect(causesOf(res)).toEqual([
      'FieldValueInvalid spec.volumes[0].projected: Invalid value: "a": conflicting duplicate paths',
      'FieldValueForbidden spec.volumes[0].projected.sources[0]: Forbidden: may not specify more than 1 volume type per source',
      'FieldValueInvalid spec.volumes[0].projected.sources[1].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
    ]);
  });

  it('refuses mounts without a path, with a climbing subPath, or with subPath and subPathExpr', async () => {
    const res = await pod(
      [{ name: 'data' }],
      [
        { name: 'data', mountPath: '' },
        { name: 'data', mountPath: '/a', subPath: '../up' },
        { name: 'data', mountPath: '/b', subPath: 'x', subPathExpr: '$(POD)' },
      ],
    );
    expect(res.status).toBe(422);
    const mounts = 'spec.containers[0].volumeMounts';
    expect(causesOf(res)).toEqual([
      `FieldValueRequired ${mounts}[0].mountPath: Required value`,
      `FieldValueInvalid ${mounts}.subPath: Invalid value: "../up": must not contain '..'`,
      `FieldValueInvalid ${mounts}[2].subPathExpr: Invalid value: "$(POD)": subPathExpr and subPath are mutually exclusive`,
    ]);
  });
});
