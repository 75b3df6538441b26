/** What orders two builds of one branch. */
export interface BuildOrder {
  commit: string;
  builtAt?: string;
  sequence?: number;
}

/**
 * Whether `incoming` should replace `current`. Builds arrive out of order
 * (parallel CI jobs, webhook retries): a sequence number decides when both
 * carry one, else the build time when both carry one, else the later report
 * wins. The same commit never moves anything.
 */
export function isNewerBuild(
  incoming: BuildOrder,
  current: BuildOrder | undefined,
): boolean {
  if (!current) return true;
  if (incoming.commit === current.commit) return false;
  if (incoming.sequence !== undefined && current.sequence !== undefined) {
    return incoming.sequence > current.sequence;
  }
  if (incoming.builtAt && current.builtAt) {
    return Date.parse(incoming.builtAt) > Date.parse(current.builtAt);
  }
  return true;
}
