import { parseQuantity } from '../../admission/quantity';
import type { StatusCause } from '../../errors/StatusError';
import { isObject, objectList } from '../../util/json';
import { dnsLabelErrors } from '../../util/names';
import {
  duplicateValue,
  forbiddenField,
  invalidValue,
  notFound,
  required,
} from './fieldErrors';

type Obj = Record<string, unknown>;

/**
 * The volume source fields in validateVolumeSource's order, with the path
 * its "more than 1 volume type" error names (upstream spells two of them
 * differently from the JSON keys: `cephFS` and `downwarAPI`).
 */
const VOLUME_SOURCES: ReadonlyArray<[key: string, errorPath: string]> = [
  ['emptyDir', 'emptyDir'],
  ['hostPath', 'hostPath'],
  ['gitRepo', 'gitRepo'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['secret', 'secret'],
  ['nfs', 'nfs'],
  ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['persistentVolumeClaim', 'persistentVolumeClaim'],
  ['rbd', 'rbd'],
  ['cinder', 'cinder'],
  ['cephfs', 'cephFS'],
  ['quobyte', 'quobyte'],
  ['downwardAPI', 'downwarAPI'],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['configMap', 'configMap'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'],
  ['projected', 'projected'],
  ['scaleIO', 'scaleIO'],
  ['csi', 'csi'],
  ['ephemeral', 'ephemeral'],
  ['image', 'image'],
];

const FILE_MODE_ERROR =
  'must be a number between 0 and 0777 (octal), both inclusive';

function modeCauses(mode: unknown, field: string): StatusCause[] {
  return typeof mode === 'number' && (mode > 0o777 || mode < 0)
    ? [invalidValue(field, mode, FILE_MODE_ERROR)]
    : [];
}

/** validatePathNoBacksteps: no `..` element. */
function backstepCauses(path: string, field: string): StatusCause[] {
  return path.split('/').includes('..')
    ? [invalidValue(field, path, "must not contain '..'")]
    : [];
}

/** validateLocalDescendingPath: relative, no `..` element. */
function descendingPathCauses(path: string, field: string): StatusCause[] {
  return [
    ...(path.startsWith('/')
      ? [invalidValue(field, path, 'must be a relative path')]
      : []),
    ...backstepCauses(path, field),
  ];
}

/** ValidateLocalNonReservedPath: a descending path that does not start with `..`. */
function localNonReservedPathCauses(
  path: string,
  field: string,
): StatusCause[] {
  const causes = descendingPathCauses(path, field);
  if (path.startsWith('..') && !path.startsWith('../'))
    causes.push(invalidValue(field, path, "must not start with '..'"));
  return causes;
}

/** validateKeyToPath: the items of configMap and secret volumes and projections. */
function keyToPathCauses(item: Obj, field: string): StatusCause[] {
  const path = typeof item.path === 'string' ? item.path : '';
  return [
    ...(item.key ? [] : [required(`${field}.key`)]),
    ...(path ? [] : [required(`${field}.path`)]),
    ...localNonReservedPathCauses(path, `${field}.path`),
    ...modeCauses(item.mode, `${field}.mode`),
  ];
}

/** validateSecretVolumeSource / validateConfigMapVolumeSource. */
function objectVolumeCauses(
  source: Obj,
  nameKey: 'secretName' | 'name',
  field: string,
): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!source[nameKey]) causes.push(required(`${field}.${nameKey}`));
  causes.push(...modeCauses(source.defaultMode, `${field}.defaultMode`));
  objectList(source.items).forEach((item, i) =>
    causes.push(...keyToPathCauses(item, `${field}.items[${i}]`)),
  );
  return causes;
}

/** validateDownwardAPIVolumeFile: a path and one of fieldRef and resourceFieldRef. */
function downwardApiFileCauses(file: Obj, field: string): StatusCause[] {
  const path = typeof file.path === 'string' ? file.path : '';
  const causes = [
    ...(path ? [] : [required(`${field}.path`)]),
    ...localNonReservedPathCauses(path, `${field}.path`),
  ];
  if (isObject(file.fieldRef) && isObject(file.resourceFieldRef))
    causes.push(
      invalidValue(
        field,
        'resource',
        'fieldRef and resourceFieldRef can not be specified simultaneously',
      ),
    );
  else if (!isObject(file.fieldRef) && !isObject(file.resourceFieldRef))
    causes.push(
      required(field, 'one of fieldRef and resourceFieldRef is required'),
    );
  causes.push(...modeCauses(file.mode, `${field}.mode`));
  return causes;
}

/**
 * validateProjectionSources: one source per entry, the secret and
 * configMap items as in their volumes, no path twice across the projection,
 * a service account token living at least ten minutes.
 */
function projectedCauses(projected: Obj, field: string): StatusCause[] {
  const causes = modeCauses(projected.defaultMode, `${field}.defaultMode`);
  const paths = new Set<string>();
  const claimPath = (path: unknown, value: string) => {
    if (typeof path !== 'string' || !path) return;
    if (paths.has(path))
      causes.push(invalidValue(field, value, 'conflicting duplicate paths'));
    paths.add(path);
  };
  objectList(projected.sources).forEach((source, i) => {
    const sourcePath = `${field}.sources[${i}]`;
    let count = 0;
    for (const kind of ['secret', 'configMap']) {
      const ref = source[kind];
      if (!isObject(ref)) continue;
      count++;
      if (!ref.name) causes.push(required(`${sourcePath}.${kind}.name`));
      objectList(ref.items).forEach((item, j) => {
        causes.push(
          ...keyToPathCauses(item, `${sourcePath}.${kind}.items[${j}]`),
        );
        claimPath(item.path, String(ref.name ?? ''));
      });
    }
    if (isObject(source.downwardAPI)) {
      count++;
      for (const file of objectList(source.downwardAPI.items)) {
        // Upstream names the projection source, not the item.
        causes.push(
          ...downwardApiFileCauses(file, `${sourcePath}.downwardAPI`),
        );
        claimPath(file.path, String(file.path));
      }
    }
    const token = source.serviceAccountToken;
    if (isObject(token)) {
      count++;
      // SetDefaults_ServiceAccountTokenProjection: one hour.
      const seconds =
        typeof token.expirationSeconds === 'number'
          ? token.expirationSeconds
          : 3600;
      const tokenPath = `${sourcePath}.serviceAccountToken.expirationSeconds`;
      if (seconds < 600)
        causes.push(
          invalidValue(
            tokenPath,
            seconds,
            'may not specify a duration less than 10 minutes',
          ),
        );
      if (seconds > 2 ** 32)
        causes.push(
          invalidValue(
            tokenPath,
            seconds,
            'may not specify a duration larger than 2^32 seconds',
          ),
        );
      // Upstream names the projected volume's `path` here.
      if (!token.path) causes.push(required(`${field}.path`));
      else if (typeof token.path === 'string')
        causes.push(...localNonReservedPathCauses(token.path, `${field}.path`));
    }
    if (isObject(source.clusterTrustBundle)) count++;
    if (count > 1)
      causes.push(
        forbiddenField(
          sourcePath,
          'may not specify more than 1 volume type per source',
        ),
      );
  });
  return causes;
}

/**
 * The checks of one source (validateVolumeSource's callees) for the kinds a
 * sandbox template uses; the cloud and network volume kinds are only
 * counted.
 */
function sourceCauses(key: string, source: Obj, field: string): StatusCause[] {
  switch (key) {
    case 'emptyDir': {
      const limit = parseQuantity(source.sizeLimit);
      return limit && limit.milli < 0n
        ? [
            forbiddenField(
              `${field}.sizeLimit`,
              'SizeLimit field must be a valid resource quantity',
            ),
          ]
        : [];
    }
    case 'hostPath': {
      if (typeof source.path !== 'string' || !source.path)
        return [required(`${field}.path`)];
      return backstepCauses(source.path, `${field}.path`);
    }
    case 'secret':
      return objectVolumeCauses(source, 'secretName', field);
    case 'configMap':
      return objectVolumeCauses(source, 'name', field);
    case 'persistentVolumeClaim':
      return source.claimName ? [] : [required(`${field}.claimName`)];
    case 'downwardAPI':
      return [
        ...modeCauses(source.defaultMode, `${field}.defaultMode`),
        // Upstream names the volume source, not the item.
        ...objectList(source.items).flatMap(file =>
          downwardApiFileCauses(file, field),
        ),
      ];
    case 'projected':
      return projectedCauses(source, field);
    case 'ephemeral':
      return isObject(source.volumeClaimTemplate)
        ? []
        : [required(`${field}.volumeClaimTemplate`)];
    default:
      return [];
  }
}

/**
 * ValidateVolumes: names are DNS-1123 labels and unique, exactly one source
 * each (a volume without any became an emptyDir in SetDefaults_Volume), and
 * the source's own checks; returns the names of the valid volumes, which
 * mounts may refer to.
 */
export function volumeCauses(
  volumes: unknown,
  field: string,
): { causes: StatusCause[]; valid: Set<string> } {
  const causes: StatusCause[] = [];
  const valid = new Set<string>();
  objectList(volumes).forEach((volume, i) => {
    const path = `${field}[${i}]`;
    const errors: StatusCause[] = [];
    let count = 0;
    for (const [key, errorPath] of VOLUME_SOURCES) {
      const source = volume[key];
      if (!isObject(source)) continue;
      if (count > 0) {
        errors.push(
          forbiddenField(
            `${path}.${errorPath}`,
            'may not specify more than 1 volume type',
          ),
        );
        continue;
      }
      count++;
      errors.push(...sourceCauses(key, source, `${path}.${key}`));
    }
    const name = typeof volume.name === 'string' ? volume.name : '';
    if (!name) errors.push(required(`${path}.name`));
    else
      for (const message of dnsLabelErrors(name))
        errors.push(invalidValue(`${path}.name`, name, message));
    if (valid.has(name)) errors.push(duplicateValue(`${path}.name`, name));
    if (errors.length === 0) valid.add(name);
    causes.push(...errors);
  });
  return { causes, valid };
}

/**
 * ValidateVolumeMounts: each mount names a valid volume and has a unique
 * mount path; subPath and subPathExpr descend and exclude each other.
 */
export function mountCauses(
  mounts: unknown,
  field: string,
  volumes: Set<string>,
): StatusCause[] {
  const causes: StatusCause[] = [];
  const paths = new Set<string>();
  objectList(mounts).forEach((mount, i) => {
    const path = `${field}[${i}]`;
    const name = typeof mount.name === 'string' ? mount.name : '';
    if (!name) causes.push(required(`${path}.name`));
    if (!volumes.has(name)) causes.push(notFound(`${path}.name`, name));
    const mountPath =
      typeof mount.mountPath === 'string' ? mount.mountPath : '';
    if (!mountPath) causes.push(required(`${path}.mountPath`));
    if (paths.has(mountPath))
      causes.push(
        invalidValue(`${path}.mountPath`, mountPath, 'must be unique'),
      );
    paths.add(mountPath);
    const subPath = typeof mount.subPath === 'string' ? mount.subPath : '';
    const subPathExpr =
      typeof mount.subPathExpr === 'string' ? mount.subPathExpr : '';
    // Upstream names the list here (fldPath.Child("subPath")), not the mount.
    if (subPath)
      causes.push(...descendingPathCauses(subPath, `${field}.subPath`));
    if (subPathExpr) {
      if (subPath)
        causes.push(
          invalidValue(
            `${path}.subPathExpr`,
            subPathExpr,
            'subPathExpr and subPath are mutually exclusive',
          ),
        );
      causes.push(...descendingPathCauses(subPathExpr, `${field}.subPathExpr`));
    }
  });
  return causes;
}
