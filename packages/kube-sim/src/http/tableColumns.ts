import type { PrinterColumn, ResourceType } from '../registry/ResourceType';
import type { KubeObject } from '../types';
import { isObject } from '../util/json';
import { humanAge } from '../util/time';
import { evaluateJsonPath } from './jsonPath';

/** A column of a Table response with the function that fills its cells. */
export interface TableColumn {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
  cell: (object: KubeObject) => unknown;
}

type Obj = Record<string, unknown>;
const get = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), o);
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

const column = (
  name: string,
  cell: (o: KubeObject) => unknown,
  type = 'string',
  priority = 0,
): TableColumn => ({
  name,
  type,
  format: name === 'Name' ? 'name' : '',
  description: name,
  priority,
  cell,
});

/** A column showing the value at a path of the object as it is. */
const fieldColumn = (name: string, ...path: string[]): TableColumn =>
  column(name, o => get(o, ...path));

/** An integer column counting the number at a path of the object (0 when absent). */
const countColumn = (name: string, ...path: string[]): TableColumn =>
  column(name, o => num(get(o, ...path)), 'integer');

/** A "done/wanted" column such as READY 2/3. */
const ratioColumn = (
  name: string,
  done: string[],
  wanted: string[],
): TableColumn =>
  column(name, o => `${num(get(o, ...done))}/${num(get(o, ...wanted))}`);

const nameColumn = column('Name', o => o.metadata.name);
const ageColumn = column('Age', o => humanAge(o.metadata.creationTimestamp));
const readyReplicasColumn = ratioColumn(
  'Ready',
  ['status', 'readyReplicas'],
  ['spec', 'replicas'],
);

function readyContainers(o: KubeObject): string {
  const statuses =
    (get(o, 'status', 'containerStatuses') as Obj[] | undefined) ?? [];
  const total = ((get(o, 'spec', 'containers') as unknown[]) ?? []).length;
  return `${statuses.filter(s => s.ready === true).length}/${total}`;
}

function podStatus(o: KubeObject): string {
  if (o.metadata.deletionTimestamp) return 'Terminating';
  const statuses =
    (get(o, 'status', 'containerStatuses') as Obj[] | undefined) ?? [];
  for (const s of statuses) {
    const waiting = get(s, 'state', 'waiting', 'reason');
    if (typeof waiting === 'string') return waiting;
  }
  const phase = get(o, 'status', 'phase');
  if (phase === 'Succeeded') return 'Completed';
  return typeof phase === 'string' ? phase : 'Pending';
}

/** The age of a timestamp field that may be absent. */
const ageOf = (timestamp: unknown): string =>
  humanAge(typeof timestamp === 'string' ? timestamp : undefined);

/** The columns the server prints for Events, computed on the stored (core/v1) shape. */
const EVENT_COLUMNS: TableColumn[] = [
  column('Last Seen', o =>
    ageOf(
      get(o, 'series', 'lastObservedTime') ?? o.lastTimestamp ?? o.eventTime,
    ),
  ),
  fieldColumn('Type', 'type'),
  fieldColumn('Reason', 'reason'),
  column(
    'Object',
    o =>
      `${String(get(o, 'involvedObject', 'kind') ?? '').toLowerCase()}/${String(
        get(o, 'involvedObject', 'name') ?? '',
      )}`,
  ),
  column(
    'Subobject',
    o => get(o, 'involvedObject', 'fieldPath') ?? '',
    'string',
    1,
  ),
  column(
    'Source',
    o => get(o, 'source', 'component') ?? o.reportingComponent ?? '',
    'string',
    1,
  ),
  fieldColumn('Message', 'message'),
  column(
    'First Seen',
    o => ageOf(o.firstTimestamp ?? o.eventTime),
    'string',
    1,
  ),
  column(
    'Count',
    o => String(o.count ?? get(o, 'series', 'count') ?? 1),
    'string',
    1,
  ),
  { ...nameColumn, priority: 1 },
];

const BUILTIN_COLUMNS: Record<string, TableColumn[]> = {
  events: EVENT_COLUMNS,
  namespaces: [nameColumn, fieldColumn('Status', 'status', 'phase'), ageColumn],
  pods: [
    nameColumn,
    column('Ready', readyContainers),
    column('Status', podStatus),
    column(
      'Restarts',
      o =>
        ((get(o, 'status', 'containerStatuses') as Obj[]) ?? []).reduce(
          (n, s) => n + num(s.restartCount),
          0,
        ),
      'integer',
    ),
    ageColumn,
  ],
  deployments: [
    nameColumn,
    readyReplicasColumn,
    countColumn('Up-to-date', 'status', 'updatedReplicas'),
    countColumn('Available', 'status', 'availableReplicas'),
    ageColumn,
  ],
  statefulsets: [nameColumn, readyReplicasColumn, ageColumn],
  replicasets: [
    nameColumn,
    countColumn('Desired', 'spec', 'replicas'),
    countColumn('Current', 'status', 'replicas'),
    countColumn('Ready', 'status', 'readyReplicas'),
    ageColumn,
  ],
  jobs: [
    nameColumn,
    column('Status', o =>
      num(get(o, 'status', 'succeeded')) > 0 ? 'Complete' : 'Running',
    ),
    ratioColumn(
      'Completions',
      ['status', 'succeeded'],
      ['spec', 'completions'],
    ),
    ageColumn,
  ],
  services: [
    nameColumn,
    fieldColumn('Type', 'spec', 'type'),
    fieldColumn('Cluster-IP', 'spec', 'clusterIP'),
    column('External-IP', () => '<none>'),
    column(
      'Port(s)',
      o =>
        ((get(o, 'spec', 'ports') as Obj[]) ?? [])
          .map(p => `${p.port}/${p.protocol ?? 'TCP'}`)
          .join(',') || '<none>',
    ),
    ageColumn,
  ],
  configmaps: [
    nameColumn,
    column(
      'Data',
      o =>
        Object.keys((o.data as Obj) ?? {}).length +
        Object.keys((o.binaryData as Obj) ?? {}).length,
      'integer',
    ),
    ageColumn,
  ],
  secrets: [
    nameColumn,
    column('Type', o => o.type),
    column('Data', o => Object.keys((o.data as Obj) ?? {}).length, 'integer'),
    ageColumn,
  ],
  nodes: [
    nameColumn,
    column('Status', o =>
      ((get(o, 'status', 'conditions') as Obj[]) ?? []).some(
        c => c.type === 'Ready' && c.status === 'True',
      )
        ? 'Ready'
        : 'NotReady',
    ),
    column('Roles', () => '<none>'),
    ageColumn,
    fieldColumn('Version', 'status', 'nodeInfo', 'kubeletVersion'),
  ],
  customresourcedefinitions: [
    nameColumn,
    column('Created At', o => o.metadata.creationTimestamp, 'date'),
  ],
};

function printerColumn(pc: PrinterColumn): TableColumn {
  return {
    name: pc.name,
    type: pc.type,
    format: pc.format ?? '',
    description: pc.description ?? '',
    priority: pc.priority ?? 0,
    cell: o => {
      const value = evaluateJsonPath(o, pc.jsonPath)[0];
      if (value === undefined) return null;
      if (pc.type === 'date' && typeof value === 'string')
        return humanAge(value);
      return isObject(value) || Array.isArray(value)
        ? JSON.stringify(value)
        : value;
    },
  };
}

/** The columns `kubectl get` shows for a resource. */
export function tableColumns(rt: ResourceType): TableColumn[] {
  if (rt.custom) {
    if (rt.printerColumns.length === 0) return [nameColumn, ageColumn];
    return [nameColumn, ...rt.printerColumns.map(printerColumn)];
  }
  return BUILTIN_COLUMNS[rt.plural] ?? [nameColumn, ageColumn];
}
