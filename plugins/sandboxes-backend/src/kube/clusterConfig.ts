import { Config } from '@backstage/config';

/** A cluster the plugin talks to. @public */
export interface SandboxCluster {
  name: string;
  url: string;
  serviceAccountToken?: string;
  skipTLSVerify: boolean;
  caData?: string;
}

/**
 * Clusters from the `kubernetes.clusterLocatorMethods` entries of type
 * `config` — the section Backstage's Kubernetes plugin reads — so a platform
 * team configures a cluster once for both plugins. Only the service-account
 * auth provider applies here: the backend acts as itself, not as the user.
 *
 * @public
 */
export function readClusters(config: Config): SandboxCluster[] {
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  const clusters: SandboxCluster[] = [];
  for (const method of methods) {
    if (method.getString('type') !== 'config') continue;
    for (const c of method.getOptionalConfigArray('clusters') ?? []) {
      clusters.push({
        name: c.getString('name'),
        url: c.getString('url'),
        serviceAccountToken: c.getOptionalString('serviceAccountToken'),
        skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
        caData: c.getOptionalString('caData'),
      });
    }
  }
  return clusters;
}
