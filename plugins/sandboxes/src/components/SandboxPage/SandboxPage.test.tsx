import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SandboxDetails } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { DateTime } from 'luxon';
import { InMemorySandboxesApi } from '../../__testUtils__/InMemorySandboxesApi';
import { aSandboxDetails, aTemplate } from '../../__testUtils__/fixtures';
import { pinClock } from '../../__testUtils__/clock';
import { renderWithSandboxes } from '../../__testUtils__/renderWithSandboxes';
import { Router } from '../Router';

const me = 'user:default/guest';

function setup(
  sandbox: Partial<SandboxDetails> = {},
  options: { deny?: string[]; readyAfterMs?: number } = {},
) {
  const api = new InMemorySandboxesApi({
    currentUser: me,
    readyAfterMs: options.readyAfterMs,
    templates: [aTemplate()],
    sandboxes: [aSandboxDetails({ name: 'demo', owner: me, ...sandbox })],
  });
  const render = () =>
    renderWithSandboxes(<Router />, {
      api,
      path: '/sandboxes/demo',
      deny: options.deny,
    });
  return { api, render };
}

async function confirmIn(dialogTitle: string, button: string) {
  const dialog = await screen.findByRole('dialog', { name: dialogTitle });
  await userEvent.click(within(dialog).getByRole('button', { name: button }));
  await waitFor(() =>
    expect(
      screen.queryByRole('dialog', { name: dialogTitle }),
    ).not.toBeInTheDocument(),
  );
  return dialog;
}

/** Opens "Keep awake…" and picks "Until a time of day" at `clock` (HH:mm). */
async function chooseUntil(clock: string) {
  await userEvent.click(
    await screen.findByRole('button', { name: 'Keep awake…' }),
  );
  const dialog = await screen.findByRole('dialog', {
    name: 'Keep this sandbox awake?',
  });
  await userEvent.click(
    within(dialog).getByRole('button', { name: /For 1 hour/ }),
  );
  await userEvent.click(
    await screen.findByRole('option', { name: 'Until a time of day' }),
  );
  fireEvent.change(within(dialog).getByLabelText('Until'), {
    target: { value: clock },
  });
  return dialog;
}

describe('SandboxPage', () => {
  it('says the sandbox is ready and shows components, links and connect commands', async () => {
    await setup().render();

    expect(
      await screen.findByText('Your sandbox is ready'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Expires in 4\d minutes/)).toBeInTheDocument();
    const components = screen.getByRole('table', { name: 'Components' });
    expect(within(components).getByText('2 of 2')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Logs/ })).toHaveAttribute(
      'href',
      'https://logs.example/?namespace=sandbox-demo',
    );
    expect(screen.getByRole('link', { name: /Metrics/ })).toBeInTheDocument();
    expect(
      screen.getByText('kubectl -n sandbox-demo port-forward svc/api 8080:80'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', {
        name: 'Copy: Forward the API to localhost:8080',
      }),
    ).toBeInTheDocument();
  });

  it('lists parameters, a secret one only as set, apart from a value that is the text "set"', async () => {
    await setup({
      parameters: { branch: 'main', mode: 'set' },
      secretParameters: ['apiToken'],
    }).render();
    const parameters = await screen.findByRole('table', {
      name: 'Parameters',
    });
    const row = (name: string) =>
      within(parameters).getByRole('row', { name: new RegExp(`^${name}`) });
    // The template's title, with the parameter's name for engineers.
    expect(within(row('Branch branch')).getByText('main')).toBeInTheDocument();
    expect(within(row('mode')).getByText('set')).toBeInTheDocument();
    expect(
      within(row('mode')).queryByLabelText('secret, set'),
    ).not.toBeInTheDocument();
    expect(
      within(row('apiToken')).getByLabelText('secret, set'),
    ).toBeInTheDocument();
  });

  it('keeps engineer details one click away', async () => {
    await setup().render();
    const toggle = await screen.findByRole('button', {
      name: 'Details for engineers',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const facts = screen.getByRole('table', { name: 'Sandbox facts' });
    expect(within(facts).getByText('sandbox-demo')).toBeInTheDocument();
    const conditions = screen.getByRole('table', { name: 'Conditions' });
    expect(
      within(conditions).getByText('AllComponentsReady'),
    ).toBeInTheDocument();
  });

  it('explains why a sandbox sleeps and wakes it up after confirmation', async () => {
    const { api, render } = setup(
      {
        phase: 'Suspended',
        suspended: true,
        suspendReason: 'nobody used it for 30 minutes',
        conditions: [
          {
            type: 'Suspended',
            status: 'True',
            reason: 'Idle',
            message: 'Scaled down',
            lastTransitionTime: new Date().toISOString(),
          },
        ],
      },
      { readyAfterMs: 60_000 },
    );
    const resume = jest.spyOn(api, 'resumeSandbox');
    await render();
    expect(
      await screen.findByText(
        'Sleeping since 10:00 because nobody used it for 30 minutes',
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Wake it up' }));
    const dialog = await confirmIn('Wake this sandbox up?', 'Wake up');
    expect(dialog).toHaveTextContent(/start again with the data they had/);
    expect(resume).toHaveBeenCalledWith('demo');
    expect(await screen.findByText('Waking up')).toBeInTheDocument();
  });

  it('puts to sleep, extends and reseeds through the API after saying what is lost', async () => {
    const { api, render } = setup();
    const suspend = jest.spyOn(api, 'suspendSandbox');
    const extend = jest.spyOn(api, 'extendSandbox');
    const reseed = jest.spyOn(api, 'reseedSandbox');
    await render();
    await screen.findByText('Your sandbox is ready');

    await userEvent.click(screen.getByRole('button', { name: 'Extend' }));
    await confirmIn('Extend this sandbox?', 'Extend');
    expect(extend).toHaveBeenCalledWith('demo', 15);
    expect(
      await screen.findByText('Extended by 15 minutes'),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Reseed' }));
    const reseedDialog = await confirmIn('Reseed this sandbox?', 'Reseed');
    expect(reseedDialog).toHaveTextContent(
      'Any data you added or changed in it is replaced.',
    );
    expect(reseed).toHaveBeenCalledWith('demo');

    await userEvent.click(screen.getByRole('button', { name: 'Put to sleep' }));
    await confirmIn('Put this sandbox to sleep?', 'Put to sleep');
    expect(suspend).toHaveBeenCalledWith('demo');
    expect(await screen.findByText(/^Sleeping since/)).toBeInTheDocument();
  });

  it('keeps a sandbox awake until a chosen time', async () => {
    const { api, render } = setup({
      expiresAt: DateTime.now().plus({ days: 3 }).toISO()!,
    });
    const keepAwake = jest.spyOn(api, 'keepAwake');
    await render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Keep awake…' }),
    );
    await confirmIn('Keep this sandbox awake?', 'Keep awake');
    expect(keepAwake).toHaveBeenCalledWith('demo', expect.any(String));
    // The clock starts at 10:00 (setupTests.ts); an hour later is 11:00.
    expect(
      await screen.findByRole('button', { name: 'Kept awake until 11:00' }),
    ).toBeInTheDocument();
  });

  it('keeps a sandbox awake until a time of day, capped at its expiry', async () => {
    // The clock starts at 10:00 on 24 Nov (setupTests.ts).
    const roomy = setup({
      expiresAt: DateTime.now().plus({ days: 3 }).toISO()!,
    });
    const keepAwake = jest.spyOn(roomy.api, 'keepAwake');
    const { unmount } = await roomy.render();
    expect(await chooseUntil('12:00')).toHaveTextContent('Until 12:00.');
    await confirmIn('Keep this sandbox awake?', 'Keep awake');
    expect(keepAwake).toHaveBeenCalledWith(
      'demo',
      DateTime.fromISO('2026-11-24T12:00:00').toISO(),
    );
    unmount();

    // The default sandbox expires in 42 minutes: the pin stops there.
    const short = setup();
    const shortKeepAwake = jest.spyOn(short.api, 'keepAwake');
    await short.render();
    expect(await chooseUntil('12:00')).toHaveTextContent(
      'Until 10:42, when the sandbox expires.',
    );
    await confirmIn('Keep this sandbox awake?', 'Keep awake');
    const expiresAt = (await short.api.getSandbox('demo')).expiresAt;
    expect(DateTime.fromISO(shortKeepAwake.mock.calls[0][1]!).toMillis()).toBe(
      DateTime.fromISO(expiresAt).toMillis(),
    );
  });

  it('dates a time of day that has passed today, since it means tomorrow', async () => {
    pinClock('2026-11-24T23:40:00');
    const { api, render } = setup({
      expiresAt: DateTime.now().plus({ days: 3 }).toISO()!,
    });
    const keepAwake = jest.spyOn(api, 'keepAwake');
    await render();
    expect(await chooseUntil('01:29')).toHaveTextContent(
      'Until 25 Nov, 01:29.',
    );
    await confirmIn('Keep this sandbox awake?', 'Keep awake');
    expect(keepAwake).toHaveBeenCalledWith(
      'demo',
      DateTime.fromISO('2026-11-25T01:29:00').toISO(),
    );
  });

  it('deletes after a warning that it cannot be undone, then goes back to the list', async () => {
    const { api, render } = setup({ displayName: 'Checkout demo' });
    const remove = jest.spyOn(api, 'deleteSandbox');
    await render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete' }),
    );
    const dialog = await confirmIn('Delete Checkout demo?', 'Delete');
    expect(dialog).toHaveTextContent('This cannot be undone.');
    expect(remove).toHaveBeenCalledWith('demo');
    expect(
      await screen.findByRole('tab', { name: 'My sandboxes' }),
    ).toBeInTheDocument();
  });

  it('shows an action error inside its dialog', async () => {
    const { api, render } = setup();
    jest
      .spyOn(api, 'reseedSandbox')
      .mockRejectedValue(new Error('The seed job is already running'));
    await render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Reseed' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Reseed this sandbox?',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Reseed' }),
    );
    expect(
      await within(dialog).findByText('The seed job is already running'),
    ).toBeInTheDocument();
  });

  it('disables actions the user may not do and says why', async () => {
    const { api, render } = setup(
      {},
      { deny: ['sandbox.update', 'sandbox.delete'] },
    );
    const remove = jest.spyOn(api, 'deleteSandbox');
    await render();
    await screen.findByText('Your sandbox is ready');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Delete' })).toHaveAttribute(
        'aria-disabled',
        'true',
      ),
    );
    expect(
      screen.getByRole('button', { name: 'Delete' }),
    ).toHaveAccessibleDescription(
      'Only the owner of this sandbox (or an administrator) can delete it.',
    );
    for (const name of ['Put to sleep', 'Extend', 'Reseed', 'Keep awake…']) {
      expect(screen.getByRole('button', { name })).toHaveAttribute(
        'aria-disabled',
        'true',
      );
      expect(screen.getByRole('button', { name })).toHaveAccessibleDescription(
        'Only the owner of this sandbox (or an administrator) can change it.',
      );
    }
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(remove).not.toHaveBeenCalled();
  });

  it('offers no wake-up to a user who may not change the sandbox, and says why', async () => {
    await setup(
      { phase: 'Suspended', suspended: true },
      { deny: ['sandbox.update'] },
    ).render();
    await screen.findByRole('heading', { name: 'Sleeping' });
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Wake up' })).toHaveAttribute(
        'aria-disabled',
        'true',
      ),
    );
    expect(
      screen.queryByRole('button', { name: 'Wake it up' }),
    ).not.toBeInTheDocument();
  });

  it('disables Extend when the template allows no more time', async () => {
    await setup({
      lifetime: {
        maxExpiresAt: new Date().toISOString(),
        extensionsLeft: 0,
        maxExtensionMinutes: 60,
      },
    }).render();
    await screen.findByText('Your sandbox is ready');
    expect(
      screen.getByRole('button', { name: 'Extend' }),
    ).toHaveAccessibleDescription(
      'It has reached the longest lifetime its template allows.',
    );
  });

  it('shows the activity timeline with relative and absolute times', async () => {
    const { api, render } = setup();
    await api.extendSandbox('demo', 30);
    await render();
    const activity = await screen.findByRole('list', { name: 'Activity' });
    expect(
      within(activity).getByText('Extended by 30 minutes'),
    ).toBeInTheDocument();
    expect(within(activity).getByText('just now')).toBeInTheDocument();
    expect(within(activity).getByText(/· by guest/)).toBeInTheDocument();
  });

  it('says when a sandbox does not exist', async () => {
    const api = new InMemorySandboxesApi({});
    await renderWithSandboxes(<Router />, { api, path: '/sandboxes/nope' });
    expect(
      await screen.findByText('This sandbox does not exist'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Back to sandboxes' }),
    ).toHaveAttribute('href', '/sandboxes');
  });

  it('shows a loading error with a way to try again', async () => {
    const { api, render } = setup();
    const get = jest
      .spyOn(api, 'getSandbox')
      .mockRejectedValueOnce(new Error('Backend unavailable'));
    await render();
    expect(await screen.findAllByText(/Backend unavailable/)).not.toHaveLength(
      0,
    );
    get.mockRestore();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByText('Your sandbox is ready'),
    ).toBeInTheDocument();
  });
});
