import { defaultLimitRange } from '../admission/limitRanger';
import type { KubeObject } from '../types';
import { getPath, isObject, objectList } from '../util/json';
import { needsNodePorts } from './nodePorts';

type Obj = Record<string, unknown>;

function spec(object: KubeObject): Obj {
  if (!isObject(object.spec)) object.spec = {};
  return object.spec as Obj;
}

function setDefault(target: Obj, key: string, value: unknown): void {
  if (target[key] === undefined) target[key] = value;
}

/**
 * Defaults a rolling-update strategy field as SetDefaults_Deployment and
 * SetDefaults_StatefulSet (pkg/apis/apps/v1/defaults.go) do: an empty or
 * absent strategy becomes RollingUpdate, whose missing parameters are filled.
 * kubectl's generators send `strategy: {}`, so presence is not enough.
 */
function defaultRollingUpdate(s: Obj, key: string, parameters: Obj): void {
  if (!isObject(s[key])) s[key] = {};
  const strategy = s[key] as Obj;
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type !== 'RollingUpdate') return;
  if (!isObject(strategy.rollingUpdate)) strategy.rollingUpdate = {};
  for (const [name, value] of Object.entries(parameters))
    setDefault(strategy.rollingUpdate as Obj, name, value);
}

let nextClusterIp = 1;

function defaultPodSpec(podSpec: Obj): void {
  setDefault(podSpec, 'restartPolicy', 'Always');
  setDefault(podSpec, 'dnsPolicy', 'ClusterFirst');
  setDefault(podSpec, 'schedulerName', 'default-scheduler');
  setDefault(podSpec, 'terminationGracePeriodSeconds', 30);
  setDefault(podSpec, 'securityContext', {});
  // SetDefaults_Volume: a volume without a source is an emptyDir.
  for (const volume of Array.isArray(podSpec.volumes) ? podSpec.volumes : []) {
    if (isObject(volume) && Object.keys(volume).every(k => k === 'name'))
      volume.emptyDir = {};
  }
  for (const container of Array.isArray(podSpec.containers)
    ? podSpec.containers
    : []) {
    if (!isObject(container)) continue;
    const image = String(container.image ?? '');
    const tag = image.includes(':') ? image.split(':').pop() : 'latest';
    setDefault(
      container,
      'imagePullPolicy',
      tag === 'latest' ? 'Always' : 'IfNotPresent',
    );
    setDefault(container, 'terminationMessagePath', '/dev/termination-log');
    setDefault(container, 'terminationMessagePolicy', 'File');
    setDefault(container, 'resources', {});
    defaultRequestsToLimits(container.resources);
    for (const port of Array.isArray(container.ports) ? container.ports : []) {
      if (isObject(port)) setDefault(port, 'protocol', 'TCP');
    }
  }
  for (const container of [
    ...(Array.isArray(podSpec.containers) ? podSpec.containers : []),
    ...(Array.isArray(podSpec.initContainers) ? podSpec.initContainers : []),
  ]) {
    if (!isObject(container)) continue;
    for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe'])
      if (isObject(container[key])) defaultProbe(container[key]);
    if (isObject(container.lifecycle))
      for (const handler of Object.values(container.lifecycle))
        if (isObject(handler)) defaultHttpGet(handler.httpGet);
    // SetDefaults_ObjectFieldSelector: a field reference reads the v1 Pod.
    for (const env of Array.isArray(container.env) ? container.env : [])
      if (isObject(env) && isObject(env.valueFrom))
        if (isObject(env.valueFrom.fieldRef))
          setDefault(env.valueFrom.fieldRef, 'apiVersion', 'v1');
  }
}

/**
 * SetDefaults_Probe and SetDefaults_HTTPGetAction (pkg/apis/core/v1/defaults.go):
 * a zero or absent timeout, period or threshold takes its default, so only
 * negative values reach validation.
 */
function defaultProbe(probe: Obj): void {
  const defaults: Obj = {
    timeoutSeconds: 1,
    periodSeconds: 10,
    successThreshold: 1,
    failureThreshold: 3,
  };
  for (const [key, value] of Object.entries(defaults))
    if (!probe[key]) probe[key] = value;
  defaultHttpGet(probe.httpGet);
}

function defaultHttpGet(action: unknown): void {
  if (!isObject(action)) return;
  if (!action.path) action.path = '/';
  if (!action.scheme) action.scheme = 'HTTP';
}

/**
 * SetDefaults_RoleBinding / SetDefaults_ClusterRoleBinding and
 * SetDefaults_Subject (pkg/apis/rbac/v1/defaults.go): the role reference's
 * API group, and a User's or Group's.
 */
function defaultRoleBinding(binding: Obj): void {
  if (isObject(binding.roleRef) && !binding.roleRef.apiGroup)
    binding.roleRef.apiGroup = 'rbac.authorization.k8s.io';
  for (const subject of Array.isArray(binding.subjects) ? binding.subjects : [])
    if (
      isObject(subject) &&
      !subject.apiGroup &&
      (subject.kind === 'User' || subject.kind === 'Group')
    )
      subject.apiGroup = 'rbac.authorization.k8s.io';
}

/** A resource with a limit and no request requests its limit (SetDefaults_Pod). */
function defaultRequestsToLimits(resources: unknown): void {
  if (!isObject(resources) || !isObject(resources.limits)) return;
  const requests: Obj = isObject(resources.requests) ? resources.requests : {};
  for (const [r, v] of Object.entries(resources.limits))
    if (requests[r] === undefined) requests[r] = v;
  if (Object.keys(requests).length > 0) resources.requests = requests;
}

function defaultTemplate(object: KubeObject): void {
  const template = spec(object).template;
  if (isObject(template) && isObject(template.spec))
    defaultPodSpec(template.spec);
}

/**
 * Fills in the defaults the API server's defaulting and PrepareForCreate
 * steps set on built-in kinds, so clients read back what a cluster returns.
 */
export function applyBuiltinDefaults(
  object: KubeObject,
  creating: boolean,
): void {
  const kind = `${object.apiVersion}/${object.kind}`;
  switch (kind) {
    case 'v1/Namespace': {
      const name = object.metadata.name!;
      object.metadata.labels = {
        ...object.metadata.labels,
        'kubernetes.io/metadata.name': name,
      };
      if (creating) {
        setDefault(spec(object), 'finalizers', ['kubernetes']);
        object.status = { phase: 'Active' };
      }
      break;
    }
    case 'v1/Pod': {
      defaultPodSpec(spec(object));
      setDefault(spec(object), 'serviceAccountName', 'default');
      setDefault(spec(object), 'enableServiceLinks', true);
      setDefault(spec(object), 'priority', 0);
      if (creating)
        object.status = { phase: 'Pending', qosClass: 'BestEffort' };
      break;
    }
    case 'v1/Service': {
      const s = spec(object);
      setDefault(s, 'type', 'ClusterIP');
      if (s.type !== 'ExternalName') {
        if (s.clusterIP === undefined) {
          const n = nextClusterIp++;
          s.clusterIP = `10.96.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
        }
        setDefault(s, 'clusterIPs', [s.clusterIP]);
        setDefault(s, 'ipFamilies', ['IPv4']);
        setDefault(s, 'ipFamilyPolicy', 'SingleStack');
        setDefault(s, 'internalTrafficPolicy', 'Cluster');
      }
      setDefault(s, 'sessionAffinity', 'None');
      for (const port of Array.isArray(s.ports) ? s.ports : []) {
        if (!isObject(port)) continue;
        setDefault(port, 'protocol', 'TCP');
        setDefault(port, 'targetPort', port.port);
      }
      if (creating) object.status = { loadBalancer: {} };
      break;
    }
    case 'v1/LimitRange':
      defaultLimitRange(object);
      break;
    case 'v1/Secret': {
      // stringData is write-only: it is merged into data (base64) and dropped.
      if (isObject(object.stringData)) {
        const data: Obj = isObject(object.data) ? { ...object.data } : {};
        for (const [k, v] of Object.entries(object.stringData)) {
          data[k] = Buffer.from(String(v)).toString('base64');
        }
        object.data = data;
        delete object.stringData;
      }
      setDefault(object as Obj, 'type', 'Opaque');
      break;
    }
    case 'rbac.authorization.k8s.io/v1/RoleBinding':
    case 'rbac.authorization.k8s.io/v1/ClusterRoleBinding':
      defaultRoleBinding(object as Obj);
      break;
    case 'apps/v1/Deployment': {
      const s = spec(object);
      setDefault(s, 'replicas', 1);
      setDefault(s, 'revisionHistoryLimit', 10);
      setDefault(s, 'progressDeadlineSeconds', 600);
      defaultRollingUpdate(s, 'strategy', {
        maxUnavailable: '25%',
        maxSurge: '25%',
      });
      defaultTemplate(object);
      if (creating) object.status = {};
      break;
    }
    case 'apps/v1/StatefulSet': {
      const s = spec(object);
      setDefault(s, 'replicas', 1);
      setDefault(s, 'podManagementPolicy', 'OrderedReady');
      defaultRollingUpdate(s, 'updateStrategy', { partition: 0 });
      setDefault(s, 'revisionHistoryLimit', 10);
      setDefault(s, 'persistentVolumeClaimRetentionPolicy', {
        whenDeleted: 'Retain',
        whenScaled: 'Retain',
      });
      defaultTemplate(object);
      if (creating) object.status = { replicas: 0, availableReplicas: 0 };
      break;
    }
    case 'apps/v1/ReplicaSet': {
      setDefault(spec(object), 'replicas', 1);
      defaultTemplate(object);
      if (creating) object.status = { replicas: 0 };
      break;
    }
    case 'batch/v1/Job': {
      const s = spec(object);
      setDefault(s, 'parallelism', 1);
      setDefault(s, 'completions', 1);
      setDefault(s, 'backoffLimit', 6);
      setDefault(s, 'completionMode', 'NonIndexed');
      setDefault(s, 'suspend', false);
      setDefault(s, 'podReplacementPolicy', 'TerminatingOrFailed');
      if (creating && s.manualSelector !== true) {
        const uid = object.metadata.uid!;
        const labels = {
          'batch.kubernetes.io/controller-uid': uid,
          'batch.kubernetes.io/job-name': object.metadata.name!,
          'controller-uid': uid,
          'job-name': object.metadata.name!,
        };
        s.selector = {
          matchLabels: { 'batch.kubernetes.io/controller-uid': uid },
        };
        const template = isObject(s.template) ? s.template : {};
        const meta = isObject(template.metadata) ? template.metadata : {};
        meta.labels = {
          ...(isObject(meta.labels) ? meta.labels : {}),
          ...labels,
        };
        template.metadata = meta;
        s.template = template;
      }
      defaultTemplate(object);
      if (creating) object.status = {};
      break;
    }
    case 'batch/v1/CronJob': {
      // SetDefaults_CronJob (pkg/apis/batch/v1/defaults.go); the job template's
      // pod spec gets the pod defaults, the job spec none of the Job's.
      const s = spec(object);
      setDefault(s, 'concurrencyPolicy', 'Allow');
      setDefault(s, 'suspend', false);
      setDefault(s, 'successfulJobsHistoryLimit', 3);
      setDefault(s, 'failedJobsHistoryLimit', 1);
      const podSpec = getPath(s, 'jobTemplate.spec.template.spec');
      if (isObject(podSpec)) defaultPodSpec(podSpec);
      if (creating) object.status = {};
      break;
    }
    default:
      break;
  }
}

/**
 * Carries what the server allocated at creation into an update that leaves
 * it out (the Service registry's patchAllocatedValues): a Service sent
 * without clusterIP keeps its address, and its ports their node ports.
 */
export function keepAllocatedValues(
  before: KubeObject,
  next: KubeObject,
): void {
  if (`${before.apiVersion}/${before.kind}` !== 'v1/Service') return;
  const old = isObject(before.spec) ? before.spec : {};
  const s = spec(next);
  if (s.type !== 'ExternalName' && old.type !== 'ExternalName') {
    if (!s.clusterIP && old.clusterIP) s.clusterIP = old.clusterIP;
    if (!s.clusterIPs && old.clusterIPs) s.clusterIPs = old.clusterIPs;
  }
  const ports = objectList(s.ports);
  const oldPorts = objectList(old.ports);
  const nodePorts = (list: Obj[]) =>
    new Set(list.map(p => Number(p.nodePort ?? 0)).filter(p => p > 0));
  if (needsNodePorts(old) && !needsNodePorts(s)) {
    // dropTypeDependentFields: leaving NodePort/LoadBalancer with the node
    // ports as they were clears them (and the allocator releases them).
    const was = nodePorts(oldPorts);
    const is = nodePorts(ports);
    if (was.size === is.size && [...is].every(p => was.has(p)))
      for (const port of ports) delete port.nodePort;
    return;
  }
  if (!needsNodePorts(old) || !needsNodePorts(s)) return;
  // patchAllocatedValues: a port sent without its node port keeps the one
  // allocated to the port of the same number and protocol.
  const inUse = nodePorts(ports);
  const protocol = (p: Obj) => p.protocol ?? 'TCP';
  for (const port of ports) {
    if (port.nodePort) continue;
    const match = oldPorts.find(
      p =>
        p.port === port.port &&
        protocol(p) === protocol(port) &&
        p.nodePort &&
        !inUse.has(Number(p.nodePort)),
    );
    if (!match) continue;
    port.nodePort = match.nodePort;
    inUse.add(Number(match.nodePort));
  }
}
