import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/** The /sandboxes page. */
export const rootRouteRef = createRouteRef({ id: 'sandboxes' });

/** The page of one sandbox, under the /sandboxes page. */
export const sandboxRouteRef = createSubRouteRef({
  id: 'sandboxes/sandbox',
  parent: rootRouteRef,
  path: '/:name',
});
