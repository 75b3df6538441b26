import { InfoCard, Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { SandboxDetails } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { statusHeadline } from '../../lib/status';
import { absoluteTime, clockTime, timeLeft } from '../../lib/time';
import { SandboxStatusChip } from '../SandboxStatusChip';

/** The sentence that says how the sandbox is, and what the user can do. */
export function StatusCard(props: {
  sandbox: SandboxDetails;
  actions: React.ReactNode;
  onWake: () => void;
  canWake: boolean;
}) {
  const { sandbox } = props;
  const headline = statusHeadline(sandbox);
  return (
    <InfoCard title="Status">
      <Box aria-live="polite">
        <SandboxStatusChip sandbox={sandbox} />
        <Typography variant="h5" component="h2">
          {headline.title}
        </Typography>
        {sandbox.phase === 'Ready' && sandbox.url ? (
          <Typography>
            Open it at <Link to={sandbox.url}>{sandbox.url}</Link>
          </Typography>
        ) : (
          headline.detail && (
            <Typography color="textSecondary">{headline.detail}</Typography>
          )
        )}
        {headline.offerWake && props.canWake && (
          <Box mt={1}>
            <Button variant="contained" color="primary" onClick={props.onWake}>
              Wake it up
            </Button>
          </Box>
        )}
        {sandbox.stale && (
          <Typography color="error" variant="body2">
            The cluster could not be reached just now; this is the last known
            status.
          </Typography>
        )}
      </Box>
      <Box mt={2}>
        <Typography variant="body1">
          <time
            dateTime={sandbox.expiresAt}
            title={absoluteTime(sandbox.expiresAt)}
          >
            {timeLeft(sandbox.expiresAt)}
          </time>{' '}
          <Typography component="span" color="textSecondary">
            ({clockTime(sandbox.expiresAt)})
          </Typography>
        </Typography>
        {sandbox.keepAwakeUntil && (
          <Typography variant="body2" color="textSecondary">
            Kept awake until {clockTime(sandbox.keepAwakeUntil)}, even when
            nobody uses it.
          </Typography>
        )}
      </Box>
      <Box mt={2}>{props.actions}</Box>
    </InfoCard>
  );
}
