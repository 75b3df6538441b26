import {
  isSafeLinkUrl,
  Sandbox,
  SandboxAnnotations,
  SandboxDetails,
  SandboxTemplateSpec,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { SandboxRecord } from '../database/types';
import { LifetimePolicy } from './LifetimePolicy';
import { LinkBuilder } from './LinkBuilder';

/** A record as the API returns it in lists. */
export function toSandbox(record: SandboxRecord, stale: boolean): Sandbox {
  const { resource } = record;
  const status = resource.status ?? {};
  return {
    name: record.name,
    uid: record.uid,
    displayName: record.displayName,
    cluster: record.cluster,
    template: record.template,
    owner: record.owner,
    entityRef: record.entityRef,
    size: resource.spec.size,
    parameters: resource.spec.parameters ?? {},
    // Names only: the values stay in the cluster's Secrets.
    secretParameters: resource.spec.secretParameters?.keys ?? [],
    images: resource.spec.images ?? {},
    follow: resource.spec.follow,
    componentFollow: resource.spec.componentFollow ?? {},
    builds: resource.spec.builds ?? {},
    phase: record.phase,
    suspended: record.suspended,
    namespace: record.namespace,
    // The status is written by the operator, or anyone with kubectl.
    url: record.url && isSafeLinkUrl(record.url) ? record.url : undefined,
    endpoints: (status.endpoints ?? []).filter(e => isSafeLinkUrl(e.url)),
    components: status.components ?? [],
    conditions: status.conditions ?? [],
    createdAt: record.createdAt.toISOString(),
    expiresAt: record.expiresAt.toISOString(),
    extensionsUsed: record.extensionsUsed,
    lastActivityAt: record.lastActivityAt.toISOString(),
    suspendReason: record.suspended
      ? resource.metadata.annotations?.[SandboxAnnotations.suspendReason]
      : undefined,
    keepAwakeUntil:
      record.keepAwakeUntil && record.keepAwakeUntil > new Date()
        ? record.keepAwakeUntil.toISOString()
        : undefined,
    stale,
  };
}

/** A record with everything its page shows. */
export function toDetails(
  record: SandboxRecord,
  stale: boolean,
  helpers: {
    links: LinkBuilder;
    lifetime: LifetimePolicy;
    template?: SandboxTemplateSpec;
  },
): SandboxDetails {
  return {
    ...toSandbox(record, stale),
    links: helpers.links.links(record, helpers.template),
    connectCommands: helpers.links.connectCommands(record, helpers.template),
    lifetime: helpers.lifetime.view(record),
  };
}
