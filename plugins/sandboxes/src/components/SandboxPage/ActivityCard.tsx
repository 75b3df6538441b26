import { InfoCard } from '@backstage/core-components';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { SandboxActivity } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { shortEntityRef } from '../../lib/entityRefs';
import { absoluteTime, relativeTime } from '../../lib/time';

const ACTORS: Record<string, string> = {
  autoscaler: 'the autoscaler',
  operator: 'the system',
  system: 'the system',
};

/** What happened to the sandbox, newest first, with who did it and when. */
export function ActivityCard(props: { activity: SandboxActivity[] }) {
  return (
    <InfoCard title="Activity">
      {props.activity.length === 0 ? (
        <Typography color="textSecondary">Nothing has happened yet.</Typography>
      ) : (
        <List dense aria-label="Activity">
          {props.activity.map(entry => (
            <ListItem key={entry.id} disableGutters>
              <ListItemText
                primary={entry.message}
                secondary={
                  <>
                    <time dateTime={entry.at}>{relativeTime(entry.at)}</time>
                    {` · ${absoluteTime(entry.at)} · by ${
                      ACTORS[entry.actor] ?? shortEntityRef(entry.actor)
                    }`}
                  </>
                }
              />
            </ListItem>
          ))}
        </List>
      )}
    </InfoCard>
  );
}
