import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { InMemorySandboxesApi } from '../../__testUtils__/InMemorySandboxesApi';
import { aSandboxDetails, aTemplate } from '../../__testUtils__/fixtures';
import { renderWithSandboxes } from '../../__testUtils__/renderWithSandboxes';
import { SANDBOX_TEMPLATE_ANNOTATION } from '../../annotations';
import { EntitySandboxesContent } from './EntitySandboxesContent';
import { EntitySandboxesCard } from './EntitySandboxesCard';

const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    title: 'Payments',
    annotations: { [SANDBOX_TEMPLATE_ANNOTATION]: 'payments-demo' },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

function apiWithSandboxes() {
  return new InMemorySandboxesApi({
    templates: [
      aTemplate({ name: 'aaa-other', displayName: 'Another template' }),
      aTemplate(),
    ],
    sandboxes: [
      aSandboxDetails({
        name: 'for-payments',
        entityRef: 'component:default/payments',
      }),
      aSandboxDetails({
        name: 'for-shop',
        entityRef: 'component:default/shop',
      }),
    ],
  });
}

describe('EntitySandboxesContent', () => {
  it("lists only the entity's sandboxes", async () => {
    const api = apiWithSandboxes();
    const list = jest.spyOn(api, 'listSandboxes');
    await renderWithSandboxes(
      <EntityProvider entity={payments}>
        <EntitySandboxesContent />
      </EntityProvider>,
      { api, path: '/catalog/default/component/payments/sandboxes' },
    );
    expect(await screen.findByText('for-payments')).toBeInTheDocument();
    expect(screen.queryByText('for-shop')).not.toBeInTheDocument();
    expect(list).toHaveBeenCalledWith(
      expect.objectContaining({ entityRef: 'component:default/payments' }),
    );
    expect(
      screen.queryByRole('columnheader', { name: 'For' }),
    ).not.toBeInTheDocument();
  });

  it('opens the create dialog with the annotated template and creates for the entity', async () => {
    const api = apiWithSandboxes();
    const create = jest.spyOn(api, 'createSandbox');
    await renderWithSandboxes(
      <EntityProvider entity={payments}>
        <EntitySandboxesContent />
      </EntityProvider>,
      { api, path: '/catalog/default/component/payments/sandboxes' },
    );
    await screen.findByText('for-payments');
    await userEvent.click(screen.getByRole('button', { name: 'New sandbox' }));
    expect(
      await screen.findByRole('button', { name: /Template/ }),
    ).toHaveTextContent('Payments demo');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() =>
      expect(create).toHaveBeenCalledWith(
        expect.objectContaining({
          template: 'payments-demo',
          entityRef: 'component:default/payments',
        }),
      ),
    );
  });

  it('tells how to preselect a template when the entity has no annotation', async () => {
    await renderWithSandboxes(
      <EntityProvider entity={{ ...payments, metadata: { name: 'lonely' } }}>
        <EntitySandboxesContent />
      </EntityProvider>,
      { api: apiWithSandboxes(), path: '/catalog' },
    );
    expect(
      await screen.findByText('No sandboxes for this yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/add the annotation sandboxkit.dev\/template/),
    ).toBeInTheDocument();
  });
});

describe('EntitySandboxesCard', () => {
  it('shows the entity sandboxes with their status and time left', async () => {
    await renderWithSandboxes(
      <EntityProvider entity={payments}>
        <EntitySandboxesCard />
      </EntityProvider>,
      { api: apiWithSandboxes(), path: '/catalog' },
    );
    expect(
      await screen.findByRole('link', { name: 'for-payments' }),
    ).toHaveAttribute('href', '/sandboxes/for-payments');
    expect(screen.getByText('Ready')).toBeInTheDocument();
    expect(screen.getByText(/Expires in/)).toBeInTheDocument();
    expect(screen.queryByText('for-shop')).not.toBeInTheDocument();
  });

  it('invites to start one when there is none', async () => {
    await renderWithSandboxes(
      <EntityProvider entity={{ ...payments, metadata: { name: 'lonely' } }}>
        <EntitySandboxesCard />
      </EntityProvider>,
      { api: apiWithSandboxes(), path: '/catalog' },
    );
    expect(await screen.findByText(/No sandboxes yet/)).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'New sandbox' }),
    ).toBeInTheDocument();
  });
});
