import type { ApiServer } from '../api/ApiServer';
import { nowTimestamp } from '../util/time';
import { NODE_NAME } from './Kubelet';

const MANAGER = 'kubelet';

/** Registers the one fake Node every pod is scheduled to, Ready, as a kubelet would. */
export function registerNode(api: ApiServer): void {
  const rt = api.registry.lookup('', 'v1', 'nodes')!;
  if (api.find(rt, '', NODE_NAME)) return;
  const created = api.create(
    rt,
    '',
    {
      metadata: {
        name: NODE_NAME,
        labels: {
          'kubernetes.io/hostname': NODE_NAME,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          type: 'kwok',
        },
      },
      spec: {},
    },
    { fieldManager: MANAGER },
  ).object;
  const now = nowTimestamp();
  api.update(
    rt,
    '',
    NODE_NAME,
    {
      ...created,
      status: {
        addresses: [
          { type: 'InternalIP', address: '172.18.0.2' },
          { type: 'Hostname', address: NODE_NAME },
        ],
        allocatable: { cpu: '32', memory: '256Gi', pods: '110000' },
        capacity: { cpu: '32', memory: '256Gi', pods: '110000' },
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'KubeletReady',
            message: 'kube-sim node is always ready',
            lastHeartbeatTime: now,
            lastTransitionTime: now,
          },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.32.0-kube-sim',
          operatingSystem: 'linux',
          architecture: 'amd64',
          containerRuntimeVersion: 'kube-sim://0',
        },
      },
    },
    { fieldManager: MANAGER },
    'status',
  );
}
