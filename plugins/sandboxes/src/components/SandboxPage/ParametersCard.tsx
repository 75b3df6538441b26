import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Tooltip from '@material-ui/core/Tooltip';
import LockIcon from '@material-ui/icons/Lock';
import { Sandbox } from '@sandboxkit/backstage-plugin-sandboxes-common';

/**
 * A secret parameter's only visible fact: it has a value. A lock and italics
 * keep it apart from a parameter whose value is the text "set".
 */
export function SecretSet() {
  return (
    <Tooltip title="Secret: its value is kept in the sandbox's Secret and never shown">
      <Box
        component="span"
        display="inline-flex"
        alignItems="center"
        aria-label="secret, set"
      >
        <LockIcon fontSize="inherit" aria-hidden />
        <Box component="em" ml={0.5}>
          set
        </Box>
      </Box>
    </Tooltip>
  );
}

/** The values the sandbox was started with; secret ones only as "set". */
export function ParametersCard(props: {
  sandbox: Pick<Sandbox, 'parameters' | 'secretParameters'>;
}) {
  const { parameters, secretParameters } = props.sandbox;
  const plain = Object.entries(parameters);
  return (
    <InfoCard title="Parameters">
      {plain.length + secretParameters.length === 0 && (
        <Typography color="textSecondary">
          It was started without parameters.
        </Typography>
      )}
      <Table size="small" aria-label="Parameters">
        <TableBody>
          {plain.map(([name, value]) => (
            <TableRow key={name}>
              <TableCell component="th" scope="row">
                {name}
              </TableCell>
              <TableCell>
                <code>{String(value)}</code>
              </TableCell>
            </TableRow>
          ))}
          {secretParameters.map(name => (
            <TableRow key={name}>
              <TableCell component="th" scope="row">
                {name}
              </TableCell>
              <TableCell>
                <SecretSet />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}
