/*
 * The portal's backend: Backstage's new backend system with the catalog,
 * scaffolder, Kubernetes, permission, auth (guest for the local default),
 * search, notifications and signals plugins, plus the sandboxes plugins.
 */
import { createBackend } from '@backstage/backend-defaults';
import { portalPermissionPolicyModule } from './permissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// auth: the guest provider signs everyone in as user:default/guest locally
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// every sandbox as a catalog Resource of type sandbox
backend.add(
  import('@sandboxkit/backstage-plugin-catalog-backend-module-sandboxes'),
);

// scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// sandbox:create, sandbox:wait, sandbox:delete, sandbox:publish-local
backend.add(
  import('@sandboxkit/backstage-plugin-scaffolder-backend-module-sandboxes'),
);

// permissions
backend.add(import('@backstage/plugin-permission-backend'));
// Sandbox permissions go to the sandboxes plugin's sub-policy (owners manage
// their own, sandboxes.permissions.adminGroups manage all); everything else is
// allowed.
backend.add(portalPermissionPolicyModule);

// search (in-memory Lunr engine) over the catalog
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

// kubernetes
backend.add(import('@backstage/plugin-kubernetes-backend'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-events-backend'));

// sandboxes: REST API, store, quotas, lifetimes, activity, idle autoscaler
backend.add(import('@sandboxkit/backstage-plugin-sandboxes-backend'));

backend.start();
