import { Config } from '@backstage/config';
import {
  DEFAULT_RESERVED_NAMESPACES,
  DEFAULT_SANDBOX_CATALOG_NAMESPACE,
  DEFAULT_SANDBOX_NAMESPACE_PREFIX,
  DEFAULT_SECRET_PARAMETERS_NAMESPACE,
} from '@sandboxkit/backstage-plugin-sandboxes-common';

/** Quota limits; a template may override either. @public */
export interface QuotaLimits {
  perUser: number;
  perGroup: number;
}

/**
 * The `sandboxes` configuration, read once with defaults applied. Documented
 * in config.d.ts.
 *
 * @public
 */
export interface SandboxesConfig {
  /** Catalog namespace of the sandboxes' Resources (catalog module, policy). */
  catalogNamespace: string;
  defaultTtlMinutes: number;
  maxTtlMinutes: number;
  /** Minutes before expiry the owner is warned; 0 turns warnings off. */
  expiryWarningMinutes: number;
  extensions: {
    maxCount: number;
    maxExtensionMinutes: number;
    maxLifetimeMinutes?: number;
  };
  quotas: QuotaLimits & {
    perTemplate: Record<string, Partial<QuotaLimits>>;
    /** Sandboxes of one size a user may own at a time, keyed by size name. */
    perSize: Record<string, { perUser: number }>;
  };
  links: Partial<Record<'logs' | 'metrics' | 'traces' | 'exceptions', string>>;
  activity: { retentionDays: number };
  watch: { resyncMinutes: number };
  kubernetes: { requestTimeoutMs: number; maxRetries: number };
  /** As configured on the operator: how names map to namespaces, which are off limits. */
  namespaces: { prefix: string; reserved: string[] };
  permissions: { adminGroups: string[]; everyoneCanRead: boolean };
  /** A sandbox per pull request: off unless enabled. */
  pullRequests: { enabled: boolean };
  /** Where secret parameter values wait for the operator (as configured on it). */
  secretParameters: { namespace: string };
}

/** @public */
export function readSandboxesConfig(root: Config): SandboxesConfig {
  const c = root.getOptionalConfig('sandboxes');
  const num = (key: string, fallback: number) =>
    c?.getOptionalNumber(key) ?? fallback;
  const perTemplate: Record<string, Partial<QuotaLimits>> = {};
  const templates = c?.getOptionalConfig('quotas.perTemplate');
  for (const name of templates?.keys() ?? []) {
    const t = templates!.getConfig(name);
    perTemplate[name] = {
      perUser: t.getOptionalNumber('perUser'),
      perGroup: t.getOptionalNumber('perGroup'),
    };
  }
  const perSize: Record<string, { perUser: number }> = {};
  const sizes = c?.getOptionalConfig('quotas.perSize');
  for (const name of sizes?.keys() ?? []) {
    perSize[name] = { perUser: sizes!.getConfig(name).getNumber('perUser') };
  }
  const links: SandboxesConfig['links'] = {};
  for (const type of ['logs', 'metrics', 'traces', 'exceptions'] as const) {
    const url = c?.getOptionalString(`links.${type}`);
    if (url) links[type] = url;
  }
  return {
    catalogNamespace:
      c?.getOptionalString('catalogNamespace') ??
      DEFAULT_SANDBOX_CATALOG_NAMESPACE,
    defaultTtlMinutes: num('defaultTtlMinutes', 60),
    maxTtlMinutes: num('maxTtlMinutes', 480),
    expiryWarningMinutes: num('expiryWarningMinutes', 15),
    extensions: {
      maxCount: num('extensions.maxCount', 1),
      maxExtensionMinutes: num('extensions.maxExtensionMinutes', 120),
      maxLifetimeMinutes: c?.getOptionalNumber('extensions.maxLifetimeMinutes'),
    },
    quotas: {
      perUser: num('quotas.perUser', 3),
      perGroup: num('quotas.perGroup', 10),
      perTemplate,
      perSize,
    },
    links,
    activity: { retentionDays: num('activity.retentionDays', 90) },
    watch: { resyncMinutes: num('watch.resyncMinutes', 10) },
    kubernetes: {
      requestTimeoutMs: num('kubernetes.requestTimeoutMs', 10_000),
      maxRetries: num('kubernetes.maxRetries', 3),
    },
    namespaces: {
      prefix:
        c?.getOptionalString('namespaces.prefix') ??
        DEFAULT_SANDBOX_NAMESPACE_PREFIX,
      reserved: [
        ...DEFAULT_RESERVED_NAMESPACES,
        ...(c?.getOptionalStringArray('namespaces.reserved') ?? []),
      ],
    },
    permissions: {
      adminGroups: c?.getOptionalStringArray('permissions.adminGroups') ?? [
        'group:default/platform-admins',
      ],
      everyoneCanRead:
        c?.getOptionalBoolean('permissions.everyoneCanRead') ?? true,
    },
    pullRequests: {
      enabled: c?.getOptionalBoolean('pullRequests.enabled') ?? false,
    },
    secretParameters: {
      namespace:
        c?.getOptionalString('secretParameters.namespace') ??
        DEFAULT_SECRET_PARAMETERS_NAMESPACE,
    },
  };
}
