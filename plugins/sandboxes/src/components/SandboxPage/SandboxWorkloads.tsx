import { lazy, Suspense } from 'react';
import { Progress } from '@backstage/core-components';
import { useApiHolder } from '@backstage/core-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { kubernetesApiRef } from '@backstage/plugin-kubernetes-react';
import Typography from '@material-ui/core/Typography';
import { Sandbox, SandboxLabels } from '@internal/plugin-sandboxes-common';

// Loaded only when an engineer opens the workloads: the Kubernetes views are
// large and most visitors of a sandbox page never need them.
const KubernetesWorkloads = lazy(() =>
  import('@backstage/plugin-kubernetes').then(m => ({ default: m.Router })),
);

/**
 * The catalog Resource the catalog module publishes for each sandbox, with
 * the annotations @backstage/plugin-kubernetes finds its workloads by.
 */
export function sandboxAsEntity(sandbox: Sandbox): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: sandbox.name,
      namespace: 'default',
      title: sandbox.displayName,
      annotations: {
        'backstage.io/kubernetes-label-selector': `${SandboxLabels.sandbox}=${sandbox.name}`,
        ...(sandbox.namespace
          ? { 'backstage.io/kubernetes-namespace': sandbox.namespace }
          : {}),
      },
    },
    spec: { type: 'sandbox', owner: sandbox.owner },
  };
}

/**
 * The sandbox's pods, deployments and their errors, drawn by the Kubernetes
 * plugin when the app has it installed.
 */
export function SandboxWorkloads(props: { sandbox: Sandbox }) {
  const kubernetesApi = useApiHolder().get(kubernetesApiRef);
  if (!kubernetesApi) {
    return (
      <Typography color="textSecondary">
        Install the Kubernetes plugin in this Backstage app to see the pods of
        this sandbox here. Meanwhile: kubectl -n{' '}
        {props.sandbox.namespace ?? '…'} get pods
      </Typography>
    );
  }
  return (
    <EntityProvider entity={sandboxAsEntity(props.sandbox)}>
      <Suspense fallback={<Progress />}>
        <KubernetesWorkloads />
      </Suspense>
    </EntityProvider>
  );
}
