import { stringify } from 'yaml';

/** A kubeconfig as an object (the shape of ~/.kube/config). */
export interface KubeConfigObject {
  apiVersion: 'v1';
  kind: 'Config';
  clusters: Array<{
    name: string;
    cluster: { server: string; 'insecure-skip-tls-verify'?: boolean };
  }>;
  users: Array<{ name: string; user: { token?: string } }>;
  contexts: Array<{
    name: string;
    context: { cluster: string; user: string; namespace?: string };
  }>;
  'current-context': string;
  preferences: Record<string, never>;
}

/** A kubeconfig with one cluster, user and context pointing at the simulator over plain HTTP. */
export function buildKubeConfig(
  url: string,
  name = 'kube-sim',
  token?: string,
): KubeConfigObject {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    // client-node refuses plain HTTP unless TLS verification is marked skipped.
    clusters: [
      { name, cluster: { server: url, 'insecure-skip-tls-verify': true } },
    ],
    users: [{ name, user: token ? { token } : {} }],
    contexts: [
      { name, context: { cluster: name, user: name, namespace: 'default' } },
    ],
    'current-context': name,
    preferences: {},
  };
}

export function kubeConfigYaml(config: KubeConfigObject): string {
  return stringify(config);
}
