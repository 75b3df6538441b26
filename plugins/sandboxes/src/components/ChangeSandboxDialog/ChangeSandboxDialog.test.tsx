import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  SandboxDetails,
  TemplateParameter,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import {
  InMemorySandboxesApi,
  InMemorySandboxesApiOptions,
} from '../../__testUtils__/InMemorySandboxesApi';
import { aSandboxDetails, aTemplate } from '../../__testUtils__/fixtures';
import { renderWithSandboxes } from '../../__testUtils__/renderWithSandboxes';
import { Router } from '../Router';

const me = 'user:default/guest';

/** The fixture template with two parameters a running sandbox may change. */
const template = (() => {
  const t = aTemplate();
  return {
    ...t,
    parameters: t.parameters.map(p =>
      ['orders', 'region'].includes(p.name) ? { ...p, mutable: true } : p,
    ),
  };
})();

function setup(
  sandbox: Partial<SandboxDetails> = {},
  options: InMemorySandboxesApiOptions & { deny?: string[] } = {},
) {
  const api = new InMemorySandboxesApi({
    currentUser: me,
    templates: [template],
    sandboxes: [
      aSandboxDetails({
        name: 'demo',
        owner: me,
        parameters: { branch: 'main', orders: 100, region: 'eu' },
        ...sandbox,
      }),
    ],
    ...options,
  });
  const update = jest.spyOn(api, 'updateSandbox');
  const render = () =>
    renderWithSandboxes(<Router />, {
      api,
      path: '/sandboxes/demo',
      deny: options.deny,
    });
  return { api, update, render };
}

async function openChange() {
  await userEvent.click(await screen.findByRole('button', { name: 'Change…' }));
  const dialog = await screen.findByRole('dialog', { name: 'Change demo' });
  await within(dialog).findByLabelText(/^Name/);
  return dialog;
}

const changeButton = (dialog: HTMLElement) =>
  within(dialog).getByRole('button', { name: 'Change' });

/** Chooses to follow `branch` of the sandbox's catalog entity, and sends it. */
async function followEntityBranch(dialog: HTMLElement, branch: string) {
  await userEvent.click(within(dialog).getByRole('button', { name: /Follow/ }));
  await userEvent.click(
    await screen.findByRole('option', {
      name: "A branch of a catalog entity's repository",
    }),
  );
  await userEvent.type(within(dialog).getByLabelText(/^Branch/), branch);
  await userEvent.click(changeButton(dialog));
}

describe('ChangeSandboxDialog', () => {
  it('changes the size, sending only the size, and the activity shows the change', async () => {
    const { update, render } = setup();
    await render();
    const dialog = await openChange();
    expect(changeButton(dialog)).toBeDisabled();

    await userEvent.click(within(dialog).getByRole('radio', { name: /large/ }));
    await userEvent.click(changeButton(dialog));

    await waitFor(() =>
      expect(
        screen.queryByRole('dialog', { name: 'Change demo' }),
      ).not.toBeInTheDocument(),
    );
    expect(update).toHaveBeenCalledWith('demo', { size: 'large' });
    const activity = await screen.findByRole('list', { name: 'Activity' });
    expect(
      await within(activity).findByText('Changed size small → large'),
    ).toBeInTheDocument();
  });

  it('offers only the parameters the template marks mutable, checked with the create form’s messages', async () => {
    const { update, render } = setup();
    await render();
    const dialog = await openChange();

    expect(within(dialog).queryByLabelText(/^Branch/)).not.toBeInTheDocument();
    expect(within(dialog).getByLabelText('Region')).toBeInTheDocument();
    const orders = within(dialog).getByLabelText('Sample orders');
    await userEvent.clear(orders);
    await userEvent.type(orders, '5000');

    expect(
      await within(dialog).findByText('Sample orders must be at most 1000'),
    ).toBeInTheDocument();
    expect(changeButton(dialog)).toBeDisabled();

    await userEvent.clear(orders);
    await userEvent.type(orders, '250');
    await userEvent.click(changeButton(dialog));
    await waitFor(() =>
      expect(update).toHaveBeenCalledWith('demo', {
        parameters: { orders: 250 },
      }),
    );
  });

  describe('secret parameters', () => {
    const secrets: TemplateParameter[] = [
      {
        name: 'apiToken',
        type: 'string',
        title: 'API token',
        required: true,
        mutable: true,
        secret: true,
        pattern: 'tok_[a-z0-9]+',
      },
      { name: 'webhookKey', type: 'string', mutable: true, secret: true },
      { name: 'licence', type: 'string', title: 'Licence', secret: true },
    ];
    const withSecrets = {
      ...template,
      parameters: [...template.parameters, ...secrets],
    };
    const secretSetup = () =>
      setup(
        { secretParameters: ['apiToken', 'licence'] },
        {
          templates: [withSecrets],
          secretValues: { demo: { apiToken: 'tok_old', licence: 'lic-1' } },
        },
      );

    it('start empty, say whether they are set, and lock one the template does not let change', async () => {
      await secretSetup().render();
      const dialog = await openChange();

      const token = within(dialog).getByLabelText(/^API token/);
      expect(token).toHaveAttribute('type', 'password');
      expect(token).toHaveAttribute('autocomplete', 'new-password');
      expect(token).toHaveValue('');
      expect(token).not.toBeRequired();
      expect(token).toHaveAccessibleDescription('set — leave empty to keep');
      const webhook = within(dialog).getByLabelText('webhookKey');
      expect(webhook).toHaveValue('');
      expect(webhook).toHaveAccessibleDescription('not set');
      const licence = within(dialog).getByLabelText('Licence');
      expect(licence).toBeDisabled();
      expect(licence).toHaveAccessibleDescription('set');
      // Empty secret fields keep their values: nothing to change yet.
      expect(changeButton(dialog)).toBeDisabled();
    });

    it('sends only a typed value, checked with the shared messages, and never shows it', async () => {
      const { update, render } = secretSetup();
      await render();
      const dialog = await openChange();
      const token = within(dialog).getByLabelText(/^API token/);
      await userEvent.type(token, 'Not-A-Token');
      expect(token).toHaveAccessibleDescription(
        'API token must match the pattern tok_[a-z0-9]+',
      );
      expect(changeButton(dialog)).toBeDisabled();
      await userEvent.clear(token);
      await userEvent.type(token, 'tok_n3w');
      await userEvent.click(changeButton(dialog));

      await waitFor(() =>
        expect(
          screen.queryByRole('dialog', { name: 'Change demo' }),
        ).not.toBeInTheDocument(),
      );
      expect(update).toHaveBeenCalledTimes(1);
      expect(update).toHaveBeenCalledWith('demo', {
        parameters: { apiToken: 'tok_n3w' },
      });
      const activity = await screen.findByRole('list', { name: 'Activity' });
      expect(
        await within(activity).findByText(
          'Changed parameters {"apiToken":"set"}',
        ),
      ).toBeInTheDocument();
      expect(document.body.innerHTML).not.toContain('tok_n3w');

      // The next opening starts empty again: the value is not kept in the form.
      const again = await openChange();
      expect(within(again).getByLabelText(/^API token/)).toHaveValue('');
    });
  });

  it('refuses an image that is not a valid reference under its field, sending nothing', async () => {
    const { update, render } = setup();
    await render();
    const dialog = await openChange();

    await userEvent.type(
      within(dialog).getByLabelText('Image of api'),
      'ghcr.io/acme/API:1',
    );
    expect(
      within(dialog).getByLabelText('Image of api'),
    ).toHaveAccessibleDescription(/^must be an image reference like /);
    expect(changeButton(dialog)).toBeDisabled();
    expect(update).not.toHaveBeenCalled();

    await userEvent.clear(within(dialog).getByLabelText('Image of api'));
    await userEvent.type(
      within(dialog).getByLabelText('Image of api'),
      'ghcr.io/acme/api:2.0.0',
    );
    await userEvent.click(changeButton(dialog));
    await waitFor(() =>
      expect(update).toHaveBeenCalledWith('demo', {
        images: { api: 'ghcr.io/acme/api:2.0.0' },
      }),
    );
  });

  it('says what would free the room when the larger size is over quota', async () => {
    const { update, render } = setup(
      {},
      {
        maxPerSize: { large: 1 },
        sandboxes: [
          aSandboxDetails({
            name: 'demo',
            owner: me,
            parameters: { orders: 100, region: 'eu' },
          }),
          aSandboxDetails({ name: 'big-one', owner: me, size: 'large' }),
        ],
      },
    );
    await render();
    const dialog = await openChange();
    await userEvent.click(within(dialog).getByRole('radio', { name: /large/ }));
    await userEvent.click(changeButton(dialog));

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('There is no room for this change');
    expect(alert).toHaveTextContent(
      'Make big-one smaller, or delete it, to free the room.',
    );
    // At 10:00 in Berlin, a Retry-After of 600 s is 10:10 there.
    expect(alert).toHaveTextContent('Or try again in 10 minutes (at 10:10)');
    expect(update).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('dialog', { name: 'Change demo' })).toBeVisible();
  });

  it('shows a refusal of the backend under the field it names', async () => {
    const { render } = setup();
    await render();
    const dialog = await openChange();

    await followEntityBranch(dialog, 'feature-x');

    // The sandbox's entity is not known to the catalog here.
    await waitFor(() =>
      expect(
        within(dialog).getByLabelText(/^Catalog entity/),
      ).toHaveAccessibleDescription(
        "no catalog entity 'component:default/payments'",
      ),
    );
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('follows a branch of the catalog entity’s repository', async () => {
    const { api, update, render } = setup(
      {},
      {
        entityRepositories: {
          'component:default/payments': 'https://github.com/acme/payments',
        },
      },
    );
    await render();
    const dialog = await openChange();
    await followEntityBranch(dialog, 'feature-x');

    await waitFor(() =>
      expect(update).toHaveBeenCalledWith('demo', {
        follow: {
          entityRef: 'component:default/payments',
          branch: 'feature-x',
        },
      }),
    );
    expect((await api.getSandbox('demo')).follow).toEqual({
      repository: 'https://github.com/acme/payments',
      branch: 'feature-x',
    });
  });

  it('lets one component follow a branch of its own and another go back to the sandbox’s', async () => {
    const web = {
      repository: 'https://github.com/acme/web',
      branch: 'redesign',
    };
    const { api, update, render } = setup({ componentFollow: { web } });
    await render();
    const dialog = await openChange();

    // web's own branch is shown as it is; api has none.
    expect(
      within(dialog).getByRole('button', { name: /^web follows/ }),
    ).toHaveTextContent('A branch of a repository');
    expect(within(dialog).getByLabelText(/^Repository for web/)).toHaveValue(
      web.repository,
    );
    expect(within(dialog).getByLabelText(/^Branch for web/)).toHaveValue(
      'redesign',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: /^api follows/ }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'A branch of a repository' }),
    );
    // A branch is needed before anything is sent.
    await userEvent.type(
      within(dialog).getByLabelText(/^Repository for api/),
      'https://github.com/acme/api',
    );
    expect(
      within(dialog).getByLabelText(/^Branch for api/),
    ).toHaveAccessibleDescription('Branch is required');
    expect(changeButton(dialog)).toBeDisabled();
    await userEvent.type(
      within(dialog).getByLabelText(/^Branch for api/),
      'feature-api',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: /^web follows/ }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: "The sandbox's branch" }),
    );
    await userEvent.click(changeButton(dialog));

    await waitFor(() =>
      expect(update).toHaveBeenCalledWith('demo', {
        componentFollow: {
          api: {
            repository: 'https://github.com/acme/api',
            branch: 'feature-api',
          },
          web: null,
        },
      }),
    );
    expect((await api.getSandbox('demo')).componentFollow).toEqual({
      api: { repository: 'https://github.com/acme/api', branch: 'feature-api' },
    });
  });

  it('cannot be opened by a user who may not change the sandbox, and says why', async () => {
    await setup({}, { deny: ['sandbox.update'] }).render();
    await screen.findByText('Your sandbox is ready');
    const change = screen.getByRole('button', { name: 'Change…' });
    await waitFor(() =>
      expect(change).toHaveAttribute('aria-disabled', 'true'),
    );
    expect(change).toHaveAccessibleDescription(
      'Only the owner of this sandbox (or an administrator) can change it.',
    );
    await userEvent.click(change);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
