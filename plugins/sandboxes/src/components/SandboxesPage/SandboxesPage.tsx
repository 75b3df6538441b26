import { useState } from 'react';
import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  Page,
} from '@backstage/core-components';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Box from '@material-ui/core/Box';
import { NewSandboxButton } from '../NewSandboxButton';
import { SandboxList } from '../SandboxList';

type View = 'mine' | 'all';

/** The /sandboxes page: my sandboxes and everyone's, live. */
export function SandboxesPage() {
  const [view, setView] = useState<View>('mine');
  const [reloadKey, setReloadKey] = useState(0);

  return (
    <Page themeId="tool">
      <Header
        title="Sandboxes"
        subtitle="Short-lived copies of our applications, to try, demo and test"
      />
      <Content>
        <ContentHeader title="">
          <NewSandboxButton onCreated={() => setReloadKey(k => k + 1)} />
        </ContentHeader>
        <Tabs
          value={view}
          onChange={(_, next: View) => setView(next)}
          indicatorColor="primary"
          textColor="primary"
          aria-label="Whose sandboxes"
        >
          <Tab
            value="mine"
            label="My sandboxes"
            id="tab-mine"
            aria-controls="panel-sandboxes"
          />
          <Tab
            value="all"
            label="All sandboxes"
            id="tab-all"
            aria-controls="panel-sandboxes"
          />
        </Tabs>
        <Box
          mt={2}
          role="tabpanel"
          id="panel-sandboxes"
          aria-labelledby={view === 'mine' ? 'tab-mine' : 'tab-all'}
        >
          <SandboxList
            key={view}
            scope={view === 'mine' ? { owner: 'me' } : {}}
            reloadKey={reloadKey}
            emptyState={
              <EmptyState
                missing="data"
                title={
                  view === 'mine'
                    ? 'You have no sandboxes'
                    : 'Nobody has a sandbox right now'
                }
                description="A sandbox is your own copy of an application, ready in a minute and gone when you no longer need it. Press “New sandbox” to start one."
              />
            }
          />
        </Box>
      </Content>
    </Page>
  );
}
