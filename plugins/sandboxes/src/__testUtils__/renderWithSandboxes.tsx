import { ReactElement } from 'react';
import { Route, Routes } from 'react-router-dom';
import { SWRConfig } from 'swr';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { SandboxesApi } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { sandboxesApiRef } from '../api';
import { rootRouteRef } from '../routes';

export interface RenderOptions {
  api: SandboxesApi;
  /** Permission names to deny, e.g. ['sandbox.delete']; all others allowed. */
  deny?: string[];
  /** Where the browser is; the element is mounted at /sandboxes/*. */
  path?: string;
}

/**
 * Renders plugin UI in a test app with the sandboxes API, a permission API
 * and the plugin's routes mounted at /sandboxes.
 */
export function renderWithSandboxes(
  element: ReactElement,
  options: RenderOptions,
) {
  const deny = new Set(options.deny ?? []);
  const permissionApi = mockApis.permission({
    authorize: request =>
      deny.has(request.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
  });
  // usePermission caches answers in SWR's global cache; a fresh cache per
  // render keeps one test's permissions from leaking into the next.
  return renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <TestApiProvider
        apis={[
          [sandboxesApiRef, options.api],
          [permissionApiRef, permissionApi],
        ]}
      >
        <Routes>
          <Route path="/sandboxes/*" element={element} />
          <Route path="*" element={element} />
        </Routes>
      </TestApiProvider>
    </SWRConfig>,
    {
      routeEntries: [options.path ?? '/sandboxes'],
      mountedRoutes: { '/sandboxes': rootRouteRef },
    },
  );
}
