import { ReactNode } from 'react';
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
import { useTemplates } from '../../hooks/useTemplates';

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

/** The template's title of a parameter, with its name beside it for engineers. */
function ParameterName(props: { name: string; title?: string }) {
  if (!props.title || props.title === props.name) return <>{props.name}</>;
  return (
    <>
      {props.title}
      <Typography variant="caption" color="textSecondary" display="block">
        <code>{props.name}</code>
      </Typography>
    </>
  );
}

/** The values the sandbox was started with; secret ones only as "set". */
export function ParametersCard(props: {
  sandbox: Pick<
    Sandbox,
    'parameters' | 'secretParameters' | 'template' | 'cluster'
  >;
}) {
  const { parameters, secretParameters } = props.sandbox;
  const templates = useTemplates();
  const template = templates.value?.find(
    t =>
      t.name === props.sandbox.template && t.cluster === props.sandbox.cluster,
  );
  const titles = new Map(
    template?.parameters.map(p => [p.name, p.title]) ?? [],
  );
  const rows: Array<[name: string, value: ReactNode]> = [
    ...Object.entries(parameters).map(([name, value]): [string, ReactNode] => [
      name,
      <code>{String(value)}</code>,
    ]),
    ...secretParameters.map((name): [string, ReactNode] => [
      name,
      <SecretSet />,
    ]),
  ];
  return (
    <InfoCard title="Parameters">
      {rows.length === 0 && (
        <Typography color="textSecondary">
          It was started without parameters.
        </Typography>
      )}
      <Table size="small" aria-label="Parameters">
        <TableBody>
          {rows.map(([name, value]) => (
            <TableRow key={name}>
              <TableCell component="th" scope="row">
                <ParameterName name={name} title={titles.get(name)} />
              </TableCell>
              <TableCell>{value}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}
