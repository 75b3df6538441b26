import { useState } from 'react';
import {
  Content,
  EmptyState,
  Header,
  HeaderLabel,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef, useRouteRefParams } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import Button from '@material-ui/core/Button';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { rootRouteRef, sandboxRouteRef } from '../../routes';
import { useSandbox } from '../../hooks/useSandbox';
import { useSandboxPermissions } from '../../hooks/useSandboxPermissions';
import { shortEntityRef } from '../../lib/entityRefs';
import { ActivityCard } from './ActivityCard';
import { ComponentsCard } from './ComponentsCard';
import { EngineerDetails } from './EngineerDetails';
import { LinksCard } from './LinksCard';
import { ParametersCard } from './ParametersCard';
import { SandboxActions } from './SandboxActions';
import { StatusCard } from './StatusCard';

function SandboxContent(props: {
  name: string;
  live: ReturnType<typeof useSandbox>;
}) {
  const { value, error, refresh } = props.live;
  const sandboxesLink = useRouteRef(rootRouteRef);
  const permissions = useSandboxPermissions(props.name);
  const [wakeRequested, setWakeRequested] = useState(false);

  if (!value) {
    if (!error) return <Progress />;
    if (ResponseError.is(error) && error.statusCode === 404) {
      return (
        <EmptyState
          missing="content"
          title="This sandbox does not exist"
          description="It may have expired or been deleted."
          action={<Link to={sandboxesLink()}>Back to sandboxes</Link>}
        />
      );
    }
    return (
      <>
        <ResponseErrorPanel title="Could not load this sandbox" error={error} />
        <Button variant="outlined" onClick={() => refresh()}>
          Try again
        </Button>
      </>
    );
  }

  const { sandbox, activity } = value;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={7}>
        <StatusCard
          sandbox={sandbox}
          canWake={permissions.update.allowed}
          onWake={() => setWakeRequested(true)}
          actions={
            <SandboxActions
              sandbox={sandbox}
              onChanged={refresh}
              openDialog={wakeRequested ? 'resume' : undefined}
              wakeOfferedAbove={permissions.update.allowed}
              onDialogClosed={() => setWakeRequested(false)}
            />
          }
        />
        <Box mt={3}>
          <ParametersCard sandbox={sandbox} />
        </Box>
      </Grid>
      <Grid item xs={12} md={5}>
        <LinksCard sandbox={sandbox} />
      </Grid>
      <Grid item xs={12} md={6}>
        <ComponentsCard
          components={sandbox.components}
          builds={sandbox.builds}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <ActivityCard activity={activity} />
      </Grid>
      <Grid item xs={12}>
        <EngineerDetails sandbox={sandbox} />
      </Grid>
    </Grid>
  );
}

/** The page of one sandbox: /sandboxes/:name. */
export function SandboxPage() {
  const { name } = useRouteRefParams(sandboxRouteRef);
  const live = useSandbox(name);
  const sandboxesLink = useRouteRef(rootRouteRef);
  const sandbox = live.value?.sandbox;
  return (
    <Page themeId="tool">
      <Header
        title={sandbox?.displayName ?? name}
        type="Sandboxes"
        typeLink={sandboxesLink()}
      >
        {sandbox && (
          <>
            <HeaderLabel label="Template" value={sandbox.template} />
            <HeaderLabel label="Owner" value={shortEntityRef(sandbox.owner)} />
          </>
        )}
      </Header>
      <Content>
        <SandboxContent name={name} live={live} />
      </Content>
    </Page>
  );
}
