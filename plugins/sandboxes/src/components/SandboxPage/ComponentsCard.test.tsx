import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { aSandbox } from '../../__testUtils__/fixtures';
import { pinClock } from '../../__testUtils__/clock';
import { ComponentsCard } from './ComponentsCard';

const commit = '1a2b3c4d5e6f70819203a4b5c6d7e8f901234567';

describe('ComponentsCard', () => {
  it('shows the commit a following component runs, linked, and when it moved in the user’s zone', async () => {
    // 10:00 in Kiritimati (UTC+14) is 20:00 UTC the day before.
    pinClock('2026-11-24T10:00:00', 'Pacific/Kiritimati');
    await renderInTestApp(
      <ComponentsCard
        components={aSandbox().components}
        builds={{
          api: {
            repository: 'https://github.com/acme/payments',
            branch: 'feature-x',
            commit,
            commitUrl: `https://github.com/acme/payments/commit/${commit}`,
            movedAt: '2026-11-23T19:55:00Z',
          },
        }}
      />,
    );

    const table = screen.getByRole('table', { name: 'Components' });
    const api = within(table).getByText('api').closest('tr')!;
    // The commit link is external: core-components' Link adds "Opens in a new window".
    expect(api).toHaveTextContent(
      /Runs 1a2b3c4(, Opens in a new window)? of feature-x, since 09:55 \(5 minutes ago\)/,
    );
    expect(within(api).getByRole('link', { name: /1a2b3c4/ })).toHaveAttribute(
      'href',
      `https://github.com/acme/payments/commit/${commit}`,
    );
    const web = within(table).getByText('web').closest('tr')!;
    expect(web).not.toHaveTextContent('Runs');
  });
});
