import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Box from '@material-ui/core/Box';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { SandboxDetails } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { absoluteTime } from '../../lib/time';
import { SandboxWorkloads } from './SandboxWorkloads';

function Fact(props: { label: string; value?: string }) {
  return (
    <TableRow>
      <TableCell component="th" scope="row">
        {props.label}
      </TableCell>
      <TableCell>
        <code>{props.value ?? '—'}</code>
      </TableCell>
    </TableRow>
  );
}

/** Namespace, cluster, raw conditions: one click away from the plain words. */
export function EngineerDetails(props: { sandbox: SandboxDetails }) {
  const { sandbox } = props;
  return (
    <Accordion TransitionProps={{ unmountOnExit: true }}>
      <AccordionSummary
        expandIcon={<ExpandMoreIcon />}
        aria-controls="engineer-details"
        id="engineer-details-header"
      >
        <Typography>Details for engineers</Typography>
      </AccordionSummary>
      <AccordionDetails id="engineer-details">
        <Box width="100%">
          <Table size="small" aria-label="Sandbox facts">
            <TableBody>
              <Fact label="Resource name" value={sandbox.name} />
              <Fact label="Cluster" value={sandbox.cluster} />
              <Fact label="Namespace" value={sandbox.namespace} />
              <Fact label="Phase" value={sandbox.phase} />
              <Fact label="Template" value={sandbox.template} />
              <Fact label="Size" value={sandbox.size} />
              <Fact label="Owner" value={sandbox.owner} />
              <Fact label="Entity" value={sandbox.entityRef} />
              <Fact label="Created" value={absoluteTime(sandbox.createdAt)} />
              <Fact label="Expires" value={absoluteTime(sandbox.expiresAt)} />
            </TableBody>
          </Table>
          <Box mt={2}>
            <Typography variant="subtitle2" component="h3">
              Conditions
            </Typography>
            <Table size="small" aria-label="Conditions">
              <TableHead>
                <TableRow>
                  <TableCell>Type</TableCell>
                  <TableCell>Status</TableCell>
                  <TableCell>Reason</TableCell>
                  <TableCell>Message</TableCell>
                  <TableCell>Last transition</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {sandbox.conditions.map(c => (
                  <TableRow key={c.type}>
                    <TableCell>{c.type}</TableCell>
                    <TableCell>{c.status}</TableCell>
                    <TableCell>{c.reason}</TableCell>
                    <TableCell>{c.message}</TableCell>
                    <TableCell>{absoluteTime(c.lastTransitionTime)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
          <Box mt={2}>
            <Typography variant="subtitle2" component="h3">
              Workloads
            </Typography>
            <SandboxWorkloads sandbox={sandbox} />
          </Box>
        </Box>
      </AccordionDetails>
    </Accordion>
  );
}
