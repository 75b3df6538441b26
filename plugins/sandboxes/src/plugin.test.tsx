import { screen } from '@testing-library/react';
import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { sandboxesApiRef } from './api';
import { InMemorySandboxesApi } from './__testUtils__/InMemorySandboxesApi';
import { aSandboxDetails, aTemplate } from './__testUtils__/fixtures';
import plugin from './plugin';

function api() {
  return new InMemorySandboxesApi({
    currentUser: 'user:default/guest',
    templates: [aTemplate()],
    sandboxes: [aSandboxDetails({ name: 'demo', owner: 'user:default/guest' })],
  });
}

describe('sandboxes plugin for the new frontend system', () => {
  it('declares the API, the page, the entity tab and the entity card', () => {
    expect(plugin.id).toBe('sandboxes');
    for (const id of [
      'api:sandboxes',
      'page:sandboxes',
      'entity-content:sandboxes/sandboxes',
      'entity-card:sandboxes/sandboxes',
    ]) {
      expect(plugin.getExtension(id as never)).toBeDefined();
    }
  });

  it('serves the list at /sandboxes and each sandbox under it', async () => {
    renderTestApp({
      features: [plugin],
      apis: [
        [sandboxesApiRef, api()],
        [permissionApiRef, mockApis.permission()],
      ],
      initialRouteEntries: ['/sandboxes'],
    });
    expect(await screen.findByRole('link', { name: 'demo' })).toHaveAttribute(
      'href',
      '/sandboxes/demo',
    );
  });

  it('opens a sandbox page by its address', async () => {
    renderTestApp({
      features: [plugin],
      apis: [
        [sandboxesApiRef, api()],
        [permissionApiRef, mockApis.permission()],
      ],
      initialRouteEntries: ['/sandboxes/demo'],
    });
    expect(
      await screen.findByText('Your sandbox is ready'),
    ).toBeInTheDocument();
  });
});
