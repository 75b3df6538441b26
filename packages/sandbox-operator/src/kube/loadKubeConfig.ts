import { KubeConfig } from '@kubernetes/client-node';

/** A KubeConfig, kubeconfig YAML text, or nothing for the default (in-cluster or ~/.kube/config). */
export type KubeConfigInput = KubeConfig | string | undefined;

/** Loads a kubeconfig the way the operator accepts one. */
export function loadKubeConfig(input: KubeConfigInput): KubeConfig {
  if (input instanceof KubeConfig) return input;
  const kubeConfig = new KubeConfig();
  if (typeof input === 'string') kubeConfig.loadFromString(input);
  else kubeConfig.loadFromDefault();
  return kubeConfig;
}

/** Loads a kubeconfig file, or the in-cluster service account when no path is given. */
export function loadKubeConfigFile(path: string | undefined): KubeConfig {
  const kubeConfig = new KubeConfig();
  if (path) kubeConfig.loadFromFile(path);
  else if (process.env.KUBERNETES_SERVICE_HOST) kubeConfig.loadFromCluster();
  else kubeConfig.loadFromDefault();
  return kubeConfig;
}
