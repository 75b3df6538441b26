import { createApiRef } from '@backstage/core-plugin-api';
import { SandboxesApi } from '@sandboxkit/backstage-plugin-sandboxes-common';

/**
 * The sandboxes backend API, as the plugin's components use it. Tests and the
 * dev app swap it with an in-memory implementation.
 *
 * @public
 */
export const sandboxesApiRef = createApiRef<SandboxesApi>({
  id: 'plugin.sandboxes.api',
});
