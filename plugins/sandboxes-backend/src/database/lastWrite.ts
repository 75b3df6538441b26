import { SANDBOX_API_GROUP } from '@sandboxkit/backstage-plugin-sandboxes-common';

/**
 * An annotation every API write sets to a new value. The watch compares it
 * with the stored resource's: a spec change that came with a new marker was
 * made through the API (which records its own activity entry, with who did
 * it); one without was made on the cluster directly (kubectl).
 */
export const LAST_WRITE_ANNOTATION = `${SANDBOX_API_GROUP}/last-write`;

export function lastWriteOf(resource: {
  metadata?: { annotations?: Record<string, string> };
}): string | undefined {
  return resource.metadata?.annotations?.[LAST_WRITE_ANNOTATION];
}
