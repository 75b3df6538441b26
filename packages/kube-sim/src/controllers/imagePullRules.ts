/**
 * Images whose reference matches this pattern fail to pull: their
 * containers wait with ErrImagePull, then ImagePullBackOff, and never start.
 * Any image containing "notfound" or "invalid" (case-insensitive) matches.
 * @public
 */
export const IMAGE_PULL_FAILURE_PATTERN = /notfound|invalid/i;

/** True when the simulated kubelet cannot pull the image. */
export function imagePullFails(image: string): boolean {
  return IMAGE_PULL_FAILURE_PATTERN.test(image);
}
