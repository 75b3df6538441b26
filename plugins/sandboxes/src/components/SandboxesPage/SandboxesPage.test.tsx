import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SandboxesApi } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { InMemorySandboxesApi } from '../../__testUtils__/InMemorySandboxesApi';
import { aSandboxDetails, aTemplate } from '../../__testUtils__/fixtures';
import { renderWithSandboxes } from '../../__testUtils__/renderWithSandboxes';
import { SandboxesPage } from './SandboxesPage';

const me = 'user:default/guest';

function apiWith(
  count: number,
  extra: Parameters<typeof aSandboxDetails>[0][] = [],
) {
  const sandboxes = [
    ...Array.from({ length: count }, (_, i) =>
      aSandboxDetails({
        name: `box-${String(i).padStart(4, '0')}`,
        owner: i % 2 === 0 ? me : 'user:default/jane',
        createdAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
      }),
    ),
    ...extra.map(e => aSandboxDetails(e)),
  ];
  return new InMemorySandboxesApi({
    sandboxes,
    templates: [aTemplate()],
    currentUser: me,
  });
}

describe('SandboxesPage', () => {
  it('lists my sandboxes in plain words with links to their pages', async () => {
    const api = apiWith(0, [
      { name: 'mine-ready', owner: me, displayName: 'Checkout demo' },
      { name: 'mine-asleep', owner: me, phase: 'Suspended', suspended: true },
      { name: 'janes', owner: 'user:default/jane' },
    ]);
    await renderWithSandboxes(<SandboxesPage />, { api });

    const link = await screen.findByRole('link', { name: 'Checkout demo' });
    expect(link).toHaveAttribute('href', '/sandboxes/mine-ready');
    const asleepRow = screen.getByText('mine-asleep').closest('tr')!;
    expect(within(asleepRow).getByText('Sleeping')).toBeInTheDocument();
    expect(
      within(asleepRow).getByText(/Expires in 4\d minutes/),
    ).toBeInTheDocument();
    expect(screen.queryByText('janes')).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('tab', { name: 'All sandboxes' }));
    expect(await screen.findByText('janes')).toBeInTheDocument();
  });

  it('pages through 1,000 sandboxes 25 at a time, asking the server for each page', async () => {
    const api = apiWith(1000);
    const list = jest.spyOn(api, 'listSandboxes');
    await renderWithSandboxes(<SandboxesPage />, { api });
    await userEvent.click(
      await screen.findByRole('tab', { name: 'All sandboxes' }),
    );

    expect(await screen.findByText('1–25 of 1,000')).toBeInTheDocument();
    expect(screen.getByText('box-0999')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('26–50 of 1,000')).toBeInTheDocument();
    expect(screen.getByText('box-0974')).toBeInTheDocument();
    expect(list).toHaveBeenLastCalledWith(
      expect.objectContaining({ limit: 25, cursor: '25' }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Previous page' }),
    );
    expect(await screen.findByText('1–25 of 1,000')).toBeInTheDocument();
  });

  it('searches by name on the server', async () => {
    const api = apiWith(0, [
      { name: 'alpha', owner: me },
      { name: 'beta', owner: me },
    ]);
    const list = jest.spyOn(api, 'listSandboxes');
    await renderWithSandboxes(<SandboxesPage />, { api });
    await screen.findByText('alpha');

    // On a slow machine typing outlasts the search's debounce, so the
    // server may also be asked for "b" and "be" first: wait for the last.
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search' }),
      'bet',
    );
    await waitFor(() => {
      expect(list).toHaveBeenLastCalledWith(
        expect.objectContaining({ owner: 'me', q: 'bet' }),
      );
      expect(screen.queryByText('alpha')).not.toBeInTheDocument();
    });
    expect(screen.getByText('beta')).toBeInTheDocument();

    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search' }),
      'zzz',
    );
    await waitFor(() =>
      expect(list).toHaveBeenLastCalledWith(
        expect.objectContaining({ owner: 'me', q: 'betzzz' }),
      ),
    );
    expect(
      await screen.findByText('No sandboxes match these filters.'),
    ).toBeInTheDocument();
  });

  it('filters by status in plain words', async () => {
    const api = apiWith(0, [
      { name: 'alpha', owner: me },
      { name: 'beta', owner: me, phase: 'Failed' },
    ]);
    const list = jest.spyOn(api, 'listSandboxes');
    await renderWithSandboxes(<SandboxesPage />, { api });
    await screen.findByText('alpha');

    await userEvent.click(screen.getByRole('button', { name: /Any status/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Failed' }),
    );
    await waitFor(() =>
      expect(screen.queryByText('alpha')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('beta')).toBeInTheDocument();
    expect(list).toHaveBeenLastCalledWith(
      expect.objectContaining({ owner: 'me', phase: 'Failed' }),
    );
  });

  it('explains what a sandbox is when the user has none', async () => {
    await renderWithSandboxes(<SandboxesPage />, { api: apiWith(0) });
    expect(
      await screen.findByText('You have no sandboxes'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'New sandbox' })).toBeEnabled();
  });

  it('shows the error and lets the user try again', async () => {
    const working = apiWith(0, [{ name: 'back-again', owner: me }]);
    let down = true;
    const api: SandboxesApi = Object.assign(Object.create(working), {
      listSandboxes: async (
        request: Parameters<SandboxesApi['listSandboxes']>[0],
      ) => {
        if (down) throw new Error('The sandboxes backend is not answering');
        return working.listSandboxes(request);
      },
      listTemplates: () => working.listTemplates(),
    });
    await renderWithSandboxes(<SandboxesPage />, { api });
    expect(
      await screen.findAllByText(/The sandboxes backend is not answering/),
    ).not.toHaveLength(0);
    down = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('back-again')).toBeInTheDocument();
  });

  it('disables "New sandbox" with the reason when the user may not create', async () => {
    await renderWithSandboxes(<SandboxesPage />, {
      api: apiWith(0),
      deny: ['sandbox.create'],
    });
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'New sandbox' }),
      ).toHaveAttribute('aria-disabled', 'true'),
    );
    expect(
      screen.getByRole('button', { name: 'New sandbox' }),
    ).toHaveAccessibleDescription(/do not have permission to create sandboxes/);
  });
});
