import {
  InfoCard,
  Link,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  ComponentBuild,
  SandboxComponentStatus,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { absoluteTime, clockTime, relativeTime } from '../../lib/time';

function ComponentState(props: { component: SandboxComponentStatus }) {
  const { desiredReplicas, readyReplicas } = props.component;
  if (desiredReplicas === 0) return <StatusPending>Asleep</StatusPending>;
  if (readyReplicas >= desiredReplicas) return <StatusOK>Running</StatusOK>;
  return <StatusRunning>Starting</StatusRunning>;
}

/** The commit hash as people quote it. */
const SHORT_COMMIT = 7;

/** "Runs 1a2b3c4 of main, since 14:02 (5 minutes ago)", the commit linked. */
function ComponentBuildLine(props: { build: ComponentBuild }) {
  const { build } = props;
  const commit = build.commit.slice(0, SHORT_COMMIT);
  return (
    <Typography variant="caption" color="textSecondary" display="block">
      Runs{' '}
      {build.commitUrl ? (
        <Link to={build.commitUrl} title={build.commit}>
          {commit}
        </Link>
      ) : (
        <span title={build.commit}>{commit}</span>
      )}{' '}
      of {build.branch}, since{' '}
      <time dateTime={build.movedAt} title={absoluteTime(build.movedAt)}>
        {clockTime(build.movedAt)}
      </time>{' '}
      ({relativeTime(build.movedAt)})
    </Typography>
  );
}

/**
 * Each part of the application with how many of its copies are up, and the
 * commit it runs when it follows a branch.
 */
export function ComponentsCard(props: {
  components: SandboxComponentStatus[];
  builds?: Record<string, ComponentBuild>;
}) {
  return (
    <InfoCard title="Components">
      {props.components.length === 0 ? (
        <Typography color="textSecondary">
          No components are reported yet.
        </Typography>
      ) : (
        <Table size="small" aria-label="Components">
          <TableHead>
            <TableRow>
              <TableCell>Component</TableCell>
              <TableCell>State</TableCell>
              <TableCell align="right">Ready</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {props.components.map(c => (
              <TableRow key={`${c.kind}/${c.name}`}>
                <TableCell>
                  {c.name}
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    display="block"
                  >
                    {c.kind}
                  </Typography>
                  {props.builds?.[c.name] && (
                    <ComponentBuildLine build={props.builds[c.name]} />
                  )}
                </TableCell>
                <TableCell>
                  <ComponentState component={c} />
                </TableCell>
                <TableCell align="right">
                  {c.readyReplicas} of {c.desiredReplicas}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
