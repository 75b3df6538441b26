import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import CloudQueueIcon from '@material-ui/icons/CloudQueue';
import { SandboxesClient } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { sandboxesApiRef } from './api';
import { rootRouteRef, sandboxRouteRef } from './routes';

/** Entities that get the Sandboxes tab and card unless config says otherwise. */
const ENTITY_FILTER = { kind: { $in: ['component', 'system'] } };

const sandboxesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: sandboxesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SandboxesClient({ discoveryApi, fetchApi }),
    }),
});

const sandboxesPage = PageBlueprint.make({
  params: {
    path: '/sandboxes',
    routeRef: rootRouteRef,
    title: 'Sandboxes',
    icon: <CloudQueueIcon fontSize="inherit" />,
    // The plugin's pages draw their own header (title, owner, template).
    noHeader: true,
    loader: () => import('./components/Router').then(m => <m.Router />),
  },
});

const entitySandboxesContent = EntityContentBlueprint.make({
  name: 'sandboxes',
  params: {
    path: '/sandboxes',
    title: 'Sandboxes',
    // No group: a tab of its own, so people who never open the Kubernetes
    // tab still find it.
    filter: ENTITY_FILTER,
    loader: () =>
      import('./components/EntitySandboxesContent').then(m => (
        <m.EntitySandboxesContent />
      )),
  },
});

const entitySandboxesCard = EntityCardBlueprint.make({
  name: 'sandboxes',
  params: {
    type: 'content',
    filter: ENTITY_FILTER,
    loader: () =>
      import('./components/EntitySandboxesContent').then(m => (
        <m.EntitySandboxesCard />
      )),
  },
});

/**
 * The sandboxes plugin for apps on the new frontend system.
 *
 * @public
 */
export default createFrontendPlugin({
  pluginId: 'sandboxes',
  title: 'Sandboxes',
  icon: <CloudQueueIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef, sandbox: sandboxRouteRef },
  extensions: [
    sandboxesApi,
    sandboxesPage,
    entitySandboxesContent,
    entitySandboxesCard,
  ],
});
