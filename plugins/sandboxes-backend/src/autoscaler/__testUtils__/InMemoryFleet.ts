import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AutoscalerFleet,
  FleetActivityEntry,
  FleetSandbox,
  ResumeOptions,
  SuspendOptions,
} from '../types';

/**
 * The autoscaler's port implemented in memory, playing the backend and the
 * operator: suspend and resume take effect at once.
 */
export class InMemoryFleet implements AutoscalerFleet {
  readonly sandboxes = new Map<string, FleetSandbox>();
  readonly activity: Array<{ sandbox: string } & FleetActivityEntry> = [];
  readonly suspensions: Array<{ sandbox: string; at: Date } & SuspendOptions> =
    [];
  readonly resumptions: Array<{ sandbox: string; at: Date } & ResumeOptions> =
    [];
  /** Sandboxes whose owner is over quota: resume throws. */
  readonly overQuota = new Set<string>();
  readonly #clock: () => Date;

  constructor(options?: { clock?: () => Date }) {
    this.#clock = options?.clock ?? (() => new Date());
  }

  add(sandbox: Partial<FleetSandbox> & { name: string }): FleetSandbox {
    const full: FleetSandbox = {
      namespace: `sandbox-${sandbox.name}`,
      cluster: 'local',
      owner: 'user:default/jane',
      template: 'web-app',
      phase: 'Ready',
      suspended: false,
      createdAt: new Date(0),
      components: [
        {
          name: 'web',
          replicas: 2,
          cpuCores: 0.5,
          memoryBytes: 512 * 1024 ** 2,
        },
      ],
      ...sandbox,
    };
    this.sandboxes.set(full.name, full);
    return full;
  }

  #get(name: string): FleetSandbox {
    const sandbox = this.sandboxes.get(name);
    if (!sandbox) throw new NotFoundError(`No sandbox ${name}`);
    return sandbox;
  }

  async listClusters(): Promise<string[]> {
    return [...new Set([...this.sandboxes.values()].map(s => s.cluster))];
  }

  async listSandboxes(cluster: string): Promise<FleetSandbox[]> {
    return [...this.sandboxes.values()]
      .filter(s => s.cluster === cluster)
      .map(s => ({ ...s }));
  }

  async suspend(name: string, options: SuspendOptions): Promise<void> {
    const sandbox = this.#get(name);
    sandbox.suspended = true;
    sandbox.phase = 'Suspended';
    this.suspensions.push({ sandbox: name, at: this.#clock(), ...options });
    this.activity.push({
      sandbox: name,
      type: 'suspended',
      message: options.reason,
      details: { evidence: options.evidence },
    });
  }

  async resume(name: string, options: ResumeOptions): Promise<void> {
    const sandbox = this.#get(name);
    if (this.overQuota.has(name)) {
      throw new NotAllowedError(
        `${sandbox.owner} is over the running sandboxes quota`,
      );
    }
    sandbox.suspended = false;
    sandbox.phase = 'Ready';
    sandbox.lastResumedAt = this.#clock();
    this.resumptions.push({ sandbox: name, at: this.#clock(), ...options });
    this.activity.push({
      sandbox: name,
      type: 'resumed',
      message: options.reason,
    });
  }

  async recordActivity(name: string, entry: FleetActivityEntry): Promise<void> {
    this.#get(name);
    this.activity.push({ sandbox: name, ...entry });
  }
}
