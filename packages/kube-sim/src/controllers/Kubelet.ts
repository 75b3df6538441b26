import type { ApiServer } from '../api/ApiServer';
import type { ResourceType } from '../registry/ResourceType';
import type { PodLogs } from '../storage/PodLogs';
import type { KubeObject } from '../types';
import { clone, isObject } from '../util/json';
import { nowTimestamp } from '../util/time';
import type { Controller } from './Controller';
import { imagePullFails } from './imagePullRules';
import { WorkQueue } from './WorkQueue';
import { writeStatus } from './workloadHelpers';

type Obj = Record<string, unknown>;

const MANAGER = 'kubelet';
export const NODE_NAME = 'kube-sim-node';
/** Annotation a test sets on a pod that should exit with this code (pods that do not restart). */
export const EXIT_CODE_ANNOTATION = 'kube-sim.io/exit-code';

let nextPodIp = 2;

/**
 * A kwok-like kubelet: every pod is scheduled to one fake node, then its
 * containers "start" (Running and Ready) after a delay, or wait with
 * ErrImagePull / ImagePullBackOff when the image cannot be pulled. Pods that
 * do not restart (restartPolicy Never/OnFailure) complete after a further
 * delay with exit code 0, or the code in the kube-sim.io/exit-code annotation.
 */
export class Kubelet implements Controller {
  readonly #api: ApiServer;
  readonly #logs: PodLogs;
  readonly #queue: WorkQueue;
  readonly #unsubscribe: () => void;
  readonly #delayMs: number;

  constructor(api: ApiServer, logs: PodLogs, delayMs: number) {
    this.#api = api;
    this.#logs = logs;
    this.#delayMs = delayMs;
    this.#queue = new WorkQueue(key => this.#step(key));
    this.#unsubscribe = api.store.subscribe(event => {
      if (event.key !== 'pods') return;
      const key = `${event.namespace}/${event.object.metadata.name}`;
      if (event.type === 'DELETED')
        logs.forgetPod(event.namespace, event.object.metadata.name!);
      else this.#queue.add(key, this.#delayMs);
    });
  }

  get #rt(): ResourceType {
    return this.#api.registry.lookup('', 'v1', 'pods')!;
  }

  #step(key: string): void {
    const [namespace, name] = key.split('/');
    const pod = this.#api.find(this.#rt, namespace, name);
    if (!pod || pod.metadata.deletionTimestamp) return;
    const spec = (pod.spec ?? {}) as Obj;
    const status = (isObject(pod.status) ? pod.status : {}) as Obj;
    const phase = status.phase ?? 'Pending';
    if (!spec.nodeName) {
      const next = clone(pod);
      (next.spec as Obj).nodeName = NODE_NAME;
      // The scheduler binds through pods/binding; a plain update may not set nodeName.
      this.#api.update(
        this.#rt,
        namespace,
        name,
        next,
        { fieldManager: 'kube-scheduler' },
        'binding',
      );
      return;
    }
    if (phase === 'Succeeded' || phase === 'Failed') return;
    const containers = ((spec.containers as Obj[]) ?? []).filter(isObject);
    const statuses = (
      Array.isArray(status.containerStatuses) ? status.containerStatuses : []
    ) as Obj[];
    if (phase === 'Pending') {
      const failing = containers.filter(c =>
        imagePullFails(String(c.image ?? '')),
      );
      if (failing.length > 0) {
        const reasons = statuses.map(s =>
          isObject(s.state) && isObject(s.state.waiting)
            ? s.state.waiting.reason
            : undefined,
        );
        // Settle in ImagePullBackOff instead of cycling, so tests see a stable state.
        if (reasons.includes('ImagePullBackOff')) return;
        const backoff = reasons.includes('ErrImagePull');
        writeStatus(
          this.#api,
          this.#rt,
          pod,
          this.#pendingStatus(pod, containers, backoff),
          MANAGER,
        );
        return;
      }
      writeStatus(
        this.#api,
        this.#rt,
        pod,
        this.#runningStatus(pod, containers),
        MANAGER,
      );
      for (const c of containers) {
        this.#logs.append(
          namespace,
          name,
          String(c.name),
          `kube-sim: container ${c.name} started (image ${c.image})`,
        );
      }
      return;
    }
    if (phase === 'Running' && (spec.restartPolicy ?? 'Always') !== 'Always') {
      const exitCode =
        Number(pod.metadata.annotations?.[EXIT_CODE_ANNOTATION] ?? 0) || 0;
      for (const c of containers) {
        this.#logs.append(
          namespace,
          name,
          String(c.name),
          `kube-sim: container ${c.name} exited with code ${exitCode}`,
        );
      }
      writeStatus(
        this.#api,
        this.#rt,
        pod,
        this.#terminatedStatus(pod, containers, exitCode),
        MANAGER,
      );
    }
  }

  #baseStatus(pod: KubeObject): Obj {
    const previous = (isObject(pod.status) ? pod.status : {}) as Obj;
    return {
      ...previous,
      hostIP: '172.18.0.2',
      hostIPs: [{ ip: '172.18.0.2' }],
      startTime: previous.startTime ?? nowTimestamp(),
    };
  }

  #conditions(ready: boolean, reason?: string): Obj[] {
    const now = nowTimestamp();
    const notReady = ready
      ? {}
      : {
          reason: reason ?? 'ContainersNotReady',
          message: 'containers with unready status',
        };
    return [
      {
        type: 'PodReadyToStartContainers',
        status: ready ? 'True' : 'False',
        lastProbeTime: null,
        lastTransitionTime: now,
      },
      {
        type: 'Initialized',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: now,
      },
      {
        type: 'Ready',
        status: ready ? 'True' : 'False',
        lastProbeTime: null,
        lastTransitionTime: now,
        ...notReady,
      },
      {
        type: 'ContainersReady',
        status: ready ? 'True' : 'False',
        lastProbeTime: null,
        lastTransitionTime: now,
        ...notReady,
      },
      {
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: now,
      },
    ];
  }

  #pendingStatus(pod: KubeObject, containers: Obj[], backoff: boolean): Obj {
    return {
      ...this.#baseStatus(pod),
      phase: 'Pending',
      conditions: this.#conditions(false),
      containerStatuses: containers.map(c => {
        const fails = imagePullFails(String(c.image ?? ''));
        const waiting = fails
          ? {
              reason: backoff ? 'ImagePullBackOff' : 'ErrImagePull',
              message: backoff
                ? `Back-off pulling image "${c.image}"`
                : `failed to pull and unpack image "${c.image}": not found (kube-sim: image names containing "notfound" or "invalid" fail)`,
            }
          : { reason: 'ContainerCreating' };
        return {
          name: c.name,
          image: c.image,
          imageID: '',
          ready: false,
          started: false,
          restartCount: 0,
          state: { waiting },
        };
      }),
    };
  }

  #runningStatus(pod: KubeObject, containers: Obj[]): Obj {
    const now = nowTimestamp();
    const ip = `10.244.${Math.floor(nextPodIp / 250) % 250}.${
      (nextPodIp++ % 250) + 1
    }`;
    return {
      ...this.#baseStatus(pod),
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      conditions: this.#conditions(true),
      containerStatuses: containers.map(c => ({
        name: c.name,
        image: c.image,
        imageID: `docker.io/library/${c.image}@sha256:${'0'.repeat(64)}`,
        containerID: `containerd://${pod.metadata.uid?.replace(
          /-/g,
          '',
        )}${String(c.name)}`.slice(0, 77),
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: now } },
      })),
    };
  }

  #terminatedStatus(pod: KubeObject, containers: Obj[], exitCode: number): Obj {
    const now = nowTimestamp();
    const previous = (isObject(pod.status) ? pod.status : {}) as Obj;
    const statuses = (previous.containerStatuses as Obj[]) ?? [];
    return {
      ...this.#baseStatus(pod),
      phase: exitCode === 0 ? 'Succeeded' : 'Failed',
      conditions: this.#conditions(false, 'PodCompleted'),
      containerStatuses: containers.map(c => {
        const old = statuses.find(s => s.name === c.name) ?? {};
        const startedAt =
          isObject(old.state) && isObject(old.state.running)
            ? old.state.running.startedAt
            : now;
        return {
          ...old,
          name: c.name,
          image: c.image,
          ready: false,
          started: false,
          state: {
            terminated: {
              exitCode,
              reason: exitCode === 0 ? 'Completed' : 'Error',
              startedAt,
              finishedAt: now,
            },
          },
        };
      }),
    };
  }

  stop(): void {
    this.#unsubscribe();
    this.#queue.stop();
  }

  clear(): void {
    this.#queue.clear();
  }
}
