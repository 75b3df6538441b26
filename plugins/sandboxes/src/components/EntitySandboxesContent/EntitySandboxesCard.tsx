import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { SANDBOX_TEMPLATE_ANNOTATION } from '../../annotations';
import { sandboxRouteRef } from '../../routes';
import { useSandboxes } from '../../hooks/useSandboxes';
import { timeLeft } from '../../lib/time';
import { NewSandboxButton } from '../NewSandboxButton';
import { SandboxStatusChip } from '../SandboxStatusChip';

const CARD_LIMIT = 5;

/** A small card for the entity overview: a few sandboxes and "New sandbox". */
export function EntitySandboxesCard() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const template = entity.metadata.annotations?.[SANDBOX_TEMPLATE_ANNOTATION];
  const sandboxLink = useRouteRef(sandboxRouteRef);
  const list = useSandboxes({ entityRef, limit: CARD_LIMIT });

  let body;
  if (!list.value) {
    body = list.error ? (
      <ResponseErrorPanel title="Could not load sandboxes" error={list.error} />
    ) : (
      <Progress />
    );
  } else if (list.value.totalCount === 0) {
    body = (
      <Typography color="textSecondary">
        No sandboxes yet. Start one to try this out in a minute.
      </Typography>
    );
  } else {
    body = (
      <>
        <List dense aria-label="Sandboxes">
          {list.value.items.map(s => (
            <ListItem key={s.name} disableGutters>
              <ListItemText
                primary={
                  <Link to={sandboxLink({ name: s.name })}>
                    {s.displayName}
                  </Link>
                }
                secondary={timeLeft(s.expiresAt)}
              />
              <SandboxStatusChip sandbox={s} />
            </ListItem>
          ))}
        </List>
        {list.value.totalCount > CARD_LIMIT && (
          <Typography variant="body2" color="textSecondary">
            and {list.value.totalCount - CARD_LIMIT} more in the Sandboxes tab
          </Typography>
        )}
      </>
    );
  }

  return (
    <InfoCard title="Sandboxes">
      {body}
      <NewSandboxButton
        initialTemplate={template}
        entityRef={entityRef}
        onCreated={() => list.refresh()}
      />
    </InfoCard>
  );
}
