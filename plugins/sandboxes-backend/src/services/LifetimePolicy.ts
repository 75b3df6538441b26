import { InputError } from '@backstage/errors';
import { SandboxTemplateSpec } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { SandboxesConfig } from '../config';

/** The lifetime fields of SandboxDetails. @public */
export interface LifetimeView {
  maxExpiresAt: string;
  extensionsLeft: number;
  maxExtensionMinutes: number;
}

/**
 * Lifetimes: the TTL of a new sandbox (the template's default and maximum,
 * config as the fallback) and the caps on extending it (count, single
 * extension, total lifetime).
 *
 * @public
 */
export class LifetimePolicy {
  readonly #config: SandboxesConfig;

  constructor(config: SandboxesConfig) {
    this.#config = config;
  }

  initialExpiry(
    spec: SandboxTemplateSpec | undefined,
    ttlMinutes: number | undefined,
    now: Date,
  ): Date {
    const max = spec?.ttl?.maxMinutes ?? this.#config.maxTtlMinutes;
    const ttl =
      ttlMinutes ?? spec?.ttl?.defaultMinutes ?? this.#config.defaultTtlMinutes;
    if (ttl > max) {
      throw new InputError(
        `ttlMinutes: must be at most ${max} (the template's maximum lifetime)`,
      );
    }
    return new Date(now.getTime() + ttl * 60_000);
  }

  get maxExtensionCount(): number {
    return this.#config.extensions.maxCount;
  }

  /**
   * Latest expiry extensions may reach: the configured total lifetime, or
   * else the current expiry plus every extension left at its longest.
   */
  maxExpiresAt(lifetime: {
    createdAt: Date;
    expiresAt: Date;
    extensionsUsed: number;
  }): Date {
    const { maxLifetimeMinutes, maxCount, maxExtensionMinutes } =
      this.#config.extensions;
    if (maxLifetimeMinutes !== undefined) {
      return new Date(
        lifetime.createdAt.getTime() + maxLifetimeMinutes * 60_000,
      );
    }
    const left = Math.max(maxCount - lifetime.extensionsUsed, 0);
    return new Date(
      lifetime.expiresAt.getTime() + left * maxExtensionMinutes * 60_000,
    );
  }

  /**
   * The new expiry after extending by `minutes`; throws with the rule that
   * refuses it. Extending counts from the later of now and the current expiry.
   */
  extendedExpiry(
    lifetime: { createdAt: Date; expiresAt: Date; extensionsUsed: number },
    minutes: number,
    now: Date,
  ): Date {
    const { maxCount, maxExtensionMinutes } = this.#config.extensions;
    if (lifetime.extensionsUsed >= maxCount) {
      throw new InputError(
        `minutes: no extension left (at most ${maxCount} per sandbox, ${lifetime.extensionsUsed} used)`,
      );
    }
    if (minutes > maxExtensionMinutes) {
      throw new InputError(
        `minutes: must be at most ${maxExtensionMinutes} per extension`,
      );
    }
    const from = Math.max(now.getTime(), lifetime.expiresAt.getTime());
    const next = new Date(from + minutes * 60_000);
    const cap = this.maxExpiresAt(lifetime);
    if (next > cap) {
      throw new InputError(
        `minutes: would end after ${cap.toISOString()}, the longest lifetime allowed`,
      );
    }
    return next;
  }

  view(lifetime: {
    createdAt: Date;
    expiresAt: Date;
    extensionsUsed: number;
  }): LifetimeView {
    return {
      maxExpiresAt: this.maxExpiresAt(lifetime).toISOString(),
      extensionsLeft: Math.max(
        this.#config.extensions.maxCount - lifetime.extensionsUsed,
        0,
      ),
      maxExtensionMinutes: this.#config.extensions.maxExtensionMinutes,
    };
  }
}
