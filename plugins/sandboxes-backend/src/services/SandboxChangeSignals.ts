import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  SANDBOX_CHANGED_SIGNAL_CHANNEL,
  SandboxChangedSignal,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { SandboxRecord } from '../database/types';

/**
 * Tells a sandbox's owners that it changed, through Backstage signals, so the
 * pages they have open refresh at once. Only the owner is told: a broadcast
 * would name sandboxes to people who may not see them. Everyone else's pages
 * keep polling. A failed publish is logged and dropped; the poll catches up.
 */
export class SandboxChangeSignals {
  readonly #signals: SignalsService;
  readonly #logger: LoggerService;

  constructor(options: { signals: SignalsService; logger: LoggerService }) {
    this.#signals = options.signals;
    this.#logger = options.logger;
  }

  async changed(record: SandboxRecord): Promise<void> {
    await this.#publish(record.owner, {
      name: record.name,
      phase: record.phase,
    });
  }

  async removed(record: SandboxRecord): Promise<void> {
    await this.#publish(record.owner, { name: record.name, removed: true });
  }

  async #publish(owner: string, message: SandboxChangedSignal) {
    try {
      await this.#signals.publish<SandboxChangedSignal>({
        recipients: { type: 'user', entityRef: owner },
        channel: SANDBOX_CHANGED_SIGNAL_CHANNEL,
        message,
      });
    } catch (error) {
      this.#logger.warn(
        `Could not signal the change of sandbox '${message.name}' to ${owner}: ${error}`,
      );
    }
  }
}
