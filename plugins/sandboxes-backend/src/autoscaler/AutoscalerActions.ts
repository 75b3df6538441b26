import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { sandboxPagePath } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { AutoscalerMetrics } from './AutoscalerMetrics';
import { AutoscalerDecision, SandboxState } from './AutoscalerStore';
import { ClusterActivity, IdlePolicy, SandboxVerdict } from './evaluateSandbox';
import { DueScheduleEvent, scheduleApplies } from './offHours';
import { AutoscalerFleet, FleetSandbox } from './types';

/** Counters of one cycle. */
export interface CycleCounts {
  queries: number;
  sandboxes: number;
  warned: number;
  suspended: number;
  resumed: number;
}

/** A sandbox's next autoscaler state, and the sandbox as it is after the action. */
export type ActionOutcome = [SandboxState, FleetSandbox];

type Verdict<A extends SandboxVerdict['action']> = Extract<
  SandboxVerdict,
  { action: A }
>;

/**
 * Carries out the autoscaler's verdicts through the fleet: warnings (activity
 * and notification), scale-downs with evidence, wakes, and off-hours schedule
 * occurrences, each recorded as the sandbox's last decision.
 */
export class AutoscalerActions {
  readonly #fleet: AutoscalerFleet;
  readonly #logger: LoggerService;
  readonly #notifications?: NotificationService;
  readonly #metrics?: AutoscalerMetrics;
  readonly #policy: IdlePolicy;

  constructor(options: {
    fleet: AutoscalerFleet;
    logger: LoggerService;
    notifications?: NotificationService;
    metrics?: AutoscalerMetrics;
    policy: IdlePolicy;
  }) {
    this.#fleet = options.fleet;
    this.#logger = options.logger;
    this.#notifications = options.notifications;
    this.#metrics = options.metrics;
    this.#policy = options.policy;
  }

  async warn(
    sandbox: FleetSandbox,
    state: SandboxState,
    verdict: Verdict<'warn'>,
    now: number,
    counts: CycleCounts,
  ): Promise<ActionOutcome> {
    const at = new Date(now).toISOString();
    await this.#fleet.recordActivity(sandbox.name, {
      type: 'idle-warning',
      message: verdict.message,
      details: { evidence: verdict.evidence },
    });
    await this.#notifyOwner(sandbox, verdict.message);
    counts.warned += 1;
    this.#metrics?.decisions.inc({ action: 'warned' });
    return [
      {
        ...state,
        idleWarnedAt: now,
        lastDecision: {
          action: 'warned',
          at,
          message: verdict.message,
          evidence: verdict.evidence,
        },
      },
      sandbox,
    ];
  }

  async suspendIdle(
    sandbox: FleetSandbox,
    state: SandboxState,
    verdict: Verdict<'suspend'>,
    now: number,
    counts: CycleCounts,
  ): Promise<ActionOutcome> {
    const at = new Date(now).toISOString();
    try {
      await this.#fleet.suspend(sandbox.name, {
        actor: 'autoscaler',
        reason: verdict.reason,
        evidence: verdict.evidence,
      });
    } catch (error) {
      this.#logger.warn(
        `Autoscaler could not suspend ${sandbox.name}: ${error}`,
      );
      return [
        { ...state, statusMessage: `Scale-down failed: ${error}` },
        sandbox,
      ];
    }
    counts.suspended += 1;
    this.#metrics?.decisions.inc({ action: 'suspended' });
    return [
      {
        ...state,
        status: 'suspended',
        statusMessage: `Scaled down by the autoscaler: ${verdict.reason}; requests wake it up`,
        idleWarnedAt: undefined,
        suspendedBy: 'idle',
        suspendedAt: now,
        lastDecision: {
          action: 'suspended',
          at,
          message: verdict.reason,
          evidence: verdict.evidence,
        },
      },
      { ...sandbox, suspended: true },
    ];
  }

  async resume(
    sandbox: FleetSandbox,
    state: SandboxState,
    reason: string,
    now: number,
    counts: CycleCounts,
  ): Promise<ActionOutcome> {
    const at = new Date(now).toISOString();
    try {
      await this.#fleet.resume(sandbox.name, { actor: 'autoscaler', reason });
    } catch (error) {
      const message = `Could not wake it: ${
        error instanceof Error ? error.message : String(error)
      }`;
      // Tell the owner once per refusal, not every cycle while traffic lasts.
      if (state.lastDecision?.action !== 'resume-refused') {
        this.#metrics?.decisions.inc({ action: 'resume-refused' });
        await this.#fleet
          .recordActivity(sandbox.name, {
            type: 'resumed',
            message: `${message} (${reason})`,
            details: { refused: true, reason },
          })
          .catch(() => undefined);
      }
      const decision: AutoscalerDecision =
        state.lastDecision?.action === 'resume-refused'
          ? state.lastDecision
          : { action: 'resume-refused', at, message };
      return [
        { ...state, statusMessage: message, lastDecision: decision },
        sandbox,
      ];
    }
    counts.resumed += 1;
    this.#metrics?.decisions.inc({ action: 'resumed' });
    return [
      {
        ...state,
        status: 'grace',
        statusMessage: `Woken by the autoscaler: ${reason}`,
        suspendedBy: undefined,
        suspendedAt: undefined,
        lastDecision: { action: 'resumed', at, message: reason },
      },
      { ...sandbox, suspended: false, lastResumedAt: new Date(now) },
    ];
  }

  /** Carries out due off-hours schedule occurrences; undefined when none applied. */
  async applySchedules(
    sandbox: FleetSandbox,
    state: SandboxState,
    activity: ClusterActivity,
    now: number,
    events: DueScheduleEvent[],
    counts: CycleCounts,
  ): Promise<ActionOutcome | undefined> {
    for (const event of events) {
      const { schedule } = event;
      if (!scheduleApplies(schedule, sandbox)) continue;
      const tag = `schedule:${schedule.name}`;
      const evidence = {
        schedule: schedule.name,
        cron:
          event.kind === 'suspend'
            ? schedule.suspendCron
            : schedule.resumeCron!,
        timeZone: schedule.timeZone,
        firedAt: new Date(event.firedAt).toISOString(),
      };
      if (event.kind === 'resume') {
        if (sandbox.suspended && state.suspendedBy === tag) {
          return this.resume(
            sandbox,
            state,
            `Off-hours schedule '${schedule.name}' ended`,
            now,
            counts,
          );
        }
        continue;
      }
      if (sandbox.suspended || sandbox.phase !== 'Ready') continue;
      if (sandbox.keepAwakeUntil && sandbox.keepAwakeUntil.getTime() > now)
        continue;
      // Someone is using it right now: leave it to the idle rules rather than
      // pull it from under them.
      const recent =
        activity.healthy && sandbox.namespace
          ? activity.byNamespace
              .get(sandbox.namespace)
              ?.get(this.#policy.wakeWindowMinutes * 60) ?? 0
          : 0;
      if (recent > this.#policy.threshold) continue;
      const reason = `Off-hours schedule '${schedule.name}' started`;
      await this.#fleet.suspend(sandbox.name, {
        actor: 'autoscaler',
        reason,
        evidence,
      });
      counts.suspended += 1;
      this.#metrics?.decisions.inc({ action: 'suspended' });
      return [
        {
          ...state,
          status: 'suspended',
          statusMessage: `Suspended by the off-hours schedule '${schedule.name}'`,
          idleWarnedAt: undefined,
          suspendedBy: tag,
          suspendedAt: now,
          lastDecision: {
            action: 'suspended',
            at: new Date(now).toISOString(),
            message: reason,
            evidence,
          },
        },
        { ...sandbox, suspended: true },
      ];
    }
    return undefined;
  }

  async #notifyOwner(sandbox: FleetSandbox, message: string): Promise<void> {
    if (!this.#notifications) return;
    try {
      await this.#notifications.send({
        recipients: { type: 'entity', entityRef: sandbox.owner },
        payload: {
          title: `Sandbox ${sandbox.name} will be scaled down soon`,
          description: message,
          // The portal's sandbox page, where it can be kept awake.
          link: sandboxPagePath(sandbox.name),
          severity: 'normal',
          topic: 'sandboxes-autoscaler',
        },
      });
    } catch (error) {
      this.#logger.warn(
        `Could not notify ${sandbox.owner} about sandbox ${sandbox.name}: ${error}`,
      );
    }
  }
}
