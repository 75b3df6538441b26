import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TemplateParameter } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { InMemorySandboxesApi } from '../../__testUtils__/InMemorySandboxesApi';
import { aSandboxDetails, aTemplate } from '../../__testUtils__/fixtures';
import { pinClock } from '../../__testUtils__/clock';
import { renderWithSandboxes } from '../../__testUtils__/renderWithSandboxes';
import { CreateSandboxDialog } from './CreateSandboxDialog';

const me = 'user:default/guest';

function renderDialog(
  api: InMemorySandboxesApi,
  props: Partial<Parameters<typeof CreateSandboxDialog>[0]> = {},
) {
  return renderWithSandboxes(
    <CreateSandboxDialog open onClose={jest.fn()} {...props} />,
    { api },
  );
}

async function chooseOption(field: RegExp, option: string) {
  await userEvent.click(screen.getByRole('button', { name: field }));
  await userEvent.click(await screen.findByRole('option', { name: option }));
  await waitFor(() =>
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument(),
  );
}

/** Asks to create one sandbox more than the quota allows; the refusal's box. */
async function refuseForQuota() {
  const api = new InMemorySandboxesApi({
    templates: [aTemplate()],
    currentUser: me,
    maxPerUser: 1,
    retryAfterSeconds: 600,
    sandboxes: [aSandboxDetails({ owner: me })],
  });
  await renderDialog(api);
  await screen.findByRole('textbox', { name: /Branch/ });
  await userEvent.click(screen.getByRole('button', { name: 'Create' }));
  const alert = await screen.findByText('You have reached your sandbox limit');
  return alert.closest('[role="alert"]') as HTMLElement;
}

describe('CreateSandboxDialog', () => {
  it('generates the form from the template: defaults, enums, sizes and lifetime', async () => {
    const api = new InMemorySandboxesApi({ templates: [aTemplate()] });
    await renderDialog(api);

    expect(
      await screen.findByText(
        'The payments API and its web shop, with sample orders.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Branch/ })).toHaveValue('main');
    expect(
      screen.getByRole('spinbutton', { name: 'Sample orders' }),
    ).toHaveValue(100);
    expect(screen.getByRole('button', { name: /Region/ })).toHaveTextContent(
      'eu',
    );
    expect(
      screen.getByRole('checkbox', { name: 'Debug logging' }),
    ).not.toBeChecked();
    expect(screen.getByRole('radio', { name: /small/ })).toBeChecked();
    expect(
      screen.getByText(
        'api: 3 copies, 1 CPU, 1Gi memory each · web: 2 copies, 500m CPU, 512Mi memory each',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Lifetime/ })).toHaveTextContent(
      '2 hours',
    );
    expect(screen.getByText(/up to 8 hours in total/)).toBeInTheDocument();
  });

  it('shows validation messages and sends nothing while the form is wrong', async () => {
    const api = new InMemorySandboxesApi({ templates: [aTemplate()] });
    const create = jest.spyOn(api, 'createSandbox');
    await renderDialog(api);

    const branch = await screen.findByRole('textbox', { name: /Branch/ });
    await userEvent.clear(branch);
    await userEvent.type(branch, 'Not A Branch');
    const orders = screen.getByRole('spinbutton', { name: 'Sample orders' });
    await userEvent.clear(orders);
    await userEvent.type(orders, '5000');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));

    expect(
      screen.getByText('Branch must match the pattern [a-z0-9][a-z0-9./-]*'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Sample orders must be at most 1000'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Some fields need attention/)).toBeInTheDocument();
    expect(create).not.toHaveBeenCalled();

    await userEvent.clear(branch);
    expect(screen.getByText('Branch is required')).toBeInTheDocument();
  });

  it('creates with typed values and follows the sandbox from Creating to Ready with its address', async () => {
    const api = new InMemorySandboxesApi({
      templates: [aTemplate()],
      currentUser: me,
      readyAfterMs: 300,
    });
    const create = jest.spyOn(api, 'createSandbox');
    const onCreated = jest.fn();
    await renderDialog(api, { onCreated });

    await screen.findByRole('textbox', { name: /Branch/ });
    await chooseOption(/Region/, 'us');
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Debug logging' }),
    );
    await userEvent.click(screen.getByRole('radio', { name: /large/ }));
    await chooseOption(/Lifetime/, '4 hours');
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Name (optional)' }),
      'ACME demo',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));

    expect(create).toHaveBeenCalledWith({
      template: 'payments-demo',
      cluster: 'local',
      displayName: 'ACME demo',
      size: 'large',
      ttlMinutes: 240,
      parameters: { branch: 'main', orders: 100, region: 'us', debug: true },
      entityRef: undefined,
    });
    expect(await screen.findByText('Starting…')).toBeInTheDocument();
    expect(
      await screen.findByText('Your sandbox is ready'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', {
        name: /https:\/\/payments-demo-1\.sandboxes\.localhost/,
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Go to the sandbox page' }),
    ).toHaveAttribute('href', '/sandboxes/payments-demo-1');
    expect(onCreated).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'payments-demo-1' }),
    );
  });

  it('explains a quota refusal: what to do and when a slot frees up', async () => {
    // The clock starts at 10:00 (setupTests.ts); ten minutes later is 10:10.
    const box = await refuseForQuota();
    expect(
      within(box).getByText(/You already have 1 sandboxes/),
    ).toBeInTheDocument();
    expect(
      within(box).getByText(/delete a sandbox you no longer need/),
    ).toBeInTheDocument();
    expect(
      within(box).getByText(/a slot frees up in 10 minutes \(at 10:10\)\./),
    ).toBeInTheDocument();
    expect(
      within(box).getByRole('link', { name: 'your sandboxes' }),
    ).toHaveAttribute('href', '/sandboxes');
  });

  it('dates the time a slot frees up when it is after midnight', async () => {
    pinClock('2026-12-31T23:55:00');
    const box = await refuseForQuota();
    expect(
      within(box).getByText(
        /a slot frees up in 10 minutes \(at 1 Jan 2027, 00:05\)\./,
      ),
    ).toBeInTheDocument();
  });

  it('preselects the template it is given and attaches the entity', async () => {
    const api = new InMemorySandboxesApi({
      templates: [
        aTemplate({ name: 'other', displayName: 'Other' }),
        aTemplate(),
      ],
    });
    const create = jest.spyOn(api, 'createSandbox');
    await renderDialog(api, {
      initialTemplate: 'payments-demo',
      entityRef: 'component:default/payments',
    });
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

  it('says so when there are no templates to start from', async () => {
    await renderDialog(new InMemorySandboxesApi({ templates: [] }));
    expect(await screen.findByText('No templates yet')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Create' }),
    ).not.toBeInTheDocument();
  });

  it('shows other creation errors in plain words', async () => {
    const api = new InMemorySandboxesApi({ templates: [aTemplate()] });
    jest
      .spyOn(api, 'createSandbox')
      .mockRejectedValue(new Error('The cluster "local" is not reachable'));
    await renderDialog(api);
    await screen.findByRole('textbox', { name: /Branch/ });
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(
      await screen.findByText(
        'The sandbox could not be created: The cluster "local" is not reachable',
      ),
    ).toBeInTheDocument();
  });

  it('asks for a secret parameter in a password field, with the shared messages and no echo of the value', async () => {
    const apiToken: TemplateParameter = {
      name: 'apiToken',
      type: 'string',
      title: 'API token',
      description: 'The payment provider’s test token',
      required: true,
      secret: true,
      pattern: 'tok_[a-z0-9]+',
    };
    const api = new InMemorySandboxesApi({
      templates: [
        aTemplate({ parameters: [...aTemplate().parameters, apiToken] }),
      ],
    });
    const create = jest.spyOn(api, 'createSandbox');
    await renderDialog(api);

    const token = await screen.findByLabelText(/^API token/);
    expect(token).toHaveAttribute('type', 'password');
    expect(token).toHaveAttribute('autocomplete', 'new-password');
    expect(token).toBeRequired();
    expect(token).toHaveAccessibleDescription(
      'The payment provider’s test token',
    );

    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(token).toHaveAccessibleDescription('API token is required');
    await userEvent.type(token, 'Not-A-Token');
    expect(token).toHaveAccessibleDescription(
      'API token must match the pattern tok_[a-z0-9]+',
    );
    expect(screen.queryByText(/Not-A-Token/)).not.toBeInTheDocument();
    expect(create).not.toHaveBeenCalled();

    await userEvent.clear(token);
    await userEvent.type(token, 'tok_s3cret');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() =>
      expect(create).toHaveBeenCalledWith(
        expect.objectContaining({
          parameters: expect.objectContaining({ apiToken: 'tok_s3cret' }),
        }),
      ),
    );
    expect(
      await screen.findByText('Your sandbox is ready'),
    ).toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain('tok_s3cret');
  });

  describe('a template with problems (GET /templates)', () => {
    const problem =
      'spec.parameters.branch: pattern is not a valid RE2 regular expression (missing closing ))';
    const templates = [
      aTemplate(),
      aTemplate({
        name: 'broken-demo',
        displayName: 'Broken demo',
        problems: [problem],
      }),
    ];

    it('is listed as unusable and never preselected', async () => {
      const api = new InMemorySandboxesApi({ templates });
      await renderDialog(api);

      // The one usable template is chosen for the user.
      await screen.findByRole('textbox', { name: /Branch/ });
      await userEvent.click(screen.getByRole('button', { name: /Template/ }));
      const broken = await screen.findByRole('option', {
        name: 'Broken demo (cannot be used)',
      });
      expect(broken).toHaveAttribute('aria-disabled', 'true');
    });

    it('shows its problems and creates nothing from it', async () => {
      const api = new InMemorySandboxesApi({ templates });
      const create = jest.spyOn(api, 'createSandbox');
      await renderDialog(api, { initialTemplate: 'broken-demo' });

      expect(
        await screen.findByText(
          'Broken demo cannot be used until its owner fixes it',
        ),
      ).toBeInTheDocument();
      expect(screen.getByText(problem)).toBeInTheDocument();
      expect(
        screen.queryByRole('textbox', { name: /Branch/ }),
      ).not.toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Create' })).toBeDisabled();
      expect(create).not.toHaveBeenCalled();
    });
  });
});
