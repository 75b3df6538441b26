import { Condition } from '@sandboxkit/backstage-plugin-sandboxes-common';

/** A condition to set; lastTransitionTime is kept when the status does not change. */
export interface ConditionUpdate {
  type: string;
  status: Condition['status'];
  reason: string;
  message: string;
}

/**
 * Sets conditions the metav1 way: one per type, lastTransitionTime moved
 * only when the status changes, observedGeneration always current.
 */
export function mergeConditions(
  existing: Condition[] | undefined,
  updates: ConditionUpdate[],
  observedGeneration: number,
  now: string,
): Condition[] {
  const byType = new Map((existing ?? []).map(c => [c.type, c]));
  for (const update of updates) {
    const previous = byType.get(update.type);
    byType.set(update.type, {
      ...update,
      observedGeneration,
      lastTransitionTime:
        previous && previous.status === update.status
          ? previous.lastTransitionTime
          : now,
    });
  }
  return [...byType.values()].sort((a, b) => a.type.localeCompare(b.type));
}
