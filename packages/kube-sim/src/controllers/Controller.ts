/** A built-in control loop started with the simulator. */
export interface Controller {
  /** Stops the loop and its timers. */
  stop(): void;
  /** Drops queued work (used by reset()). */
  clear(): void;
}
