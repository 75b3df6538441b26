import {
  InfoCard,
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
import { SandboxComponentStatus } from '@sandboxkit/backstage-plugin-sandboxes-common';

function ComponentState(props: { component: SandboxComponentStatus }) {
  const { desiredReplicas, readyReplicas } = props.component;
  if (desiredReplicas === 0) return <StatusPending>Asleep</StatusPending>;
  if (readyReplicas >= desiredReplicas) return <StatusOK>Running</StatusOK>;
  return <StatusRunning>Starting</StatusRunning>;
}

/** Each part of the application with how many of its copies are up. */
export function ComponentsCard(props: {
  components: SandboxComponentStatus[];
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
