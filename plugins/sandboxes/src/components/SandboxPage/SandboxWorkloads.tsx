import { lazy, Suspense } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { Progress } from '@backstage/core-components';
import { configApiRef, useApi, useApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityProvider } from '@backstage/plugin-catalog-react';
import { kubernetesApiRef } from '@backstage/plugin-kubernetes-react';
import Typography from '@material-ui/core/Typography';
import {
  Sandbox,
  sandboxEntityRef,
} from '@sandboxkit/backstage-plugin-sandboxes-common';

// Loaded only when an engineer opens the workloads: the Kubernetes views are
// large and most visitors of a sandbox page never need them.
const KubernetesWorkloads = lazy(() =>
  import('@backstage/plugin-kubernetes').then(m => ({ default: m.Router })),
);

/** How often to look again for a sandbox's catalog Resource not published yet. */
const CATALOG_RETRY_MS = 3000;

/**
 * The sandbox's pods, deployments and their errors, drawn by the Kubernetes
 * plugin on the sandbox's catalog Resource. The Kubernetes backend looks the
 * entity up in the catalog, so the views wait until the catalog module has
 * published it (a few seconds after creation).
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
  return <CatalogResourceWorkloads sandbox={props.sandbox} />;
}

function CatalogResourceWorkloads(props: { sandbox: Sandbox }) {
  const catalogApi = useApi(catalogApiRef);
  const entityRef = sandboxEntityRef(
    props.sandbox.name,
    useApi(configApiRef).getOptionalString('sandboxes.catalogNamespace'),
  );
  const {
    value: entity,
    loading,
    error,
    retry,
  } = useAsyncRetry(async () => {
    // By refs, not by name: a Resource not published yet is a null item here
    // rather than a 404 that the browser reports as an error on every retry.
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs: [entityRef],
    });
    return items[0] ?? undefined;
  }, [catalogApi, entityRef]);
  useInterval(retry, entity ? null : CATALOG_RETRY_MS);

  if (entity) {
    return (
      <EntityProvider entity={entity}>
        <Suspense fallback={<Progress />}>
          <KubernetesWorkloads />
        </Suspense>
      </EntityProvider>
    );
  }
  if (loading && !error) return <Progress />;
  return (
    <Typography color="textSecondary">
      {error
        ? `The catalog could not be asked for this sandbox (${error.message}); trying again.`
        : 'The workloads appear here as soon as the catalog lists this sandbox, usually within seconds of its creation.'}
    </Typography>
  );
}
