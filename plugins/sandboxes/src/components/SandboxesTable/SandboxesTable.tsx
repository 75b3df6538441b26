import { ReactNode } from 'react';
import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Sandbox } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { sandboxRouteRef } from '../../routes';
import { absoluteTime, relativeTime, timeLeft } from '../../lib/time';
import { shortEntityRef } from '../../lib/entityRefs';
import { SandboxStatusChip } from '../SandboxStatusChip';

/** Columns that a place may leave out (the entity tab hides "entity"). */
export type OptionalColumn = 'owner' | 'entity' | 'template' | 'lastActivity';

export interface SandboxesTableProps {
  sandboxes: Sandbox[];
  loading: boolean;
  hiddenColumns?: OptionalColumn[];
  emptyContent: ReactNode;
}

const useStyles = makeStyles(theme => ({
  progress: { height: 2 },
  // Keeps the space of the progress bar so rows do not jump.
  progressPlaceholder: { height: 2 },
  name: { fontWeight: theme.typography.fontWeightMedium as number },
  // Short values read better on one line; names and addresses may wrap.
  nowrap: { whiteSpace: 'nowrap' },
}));

function Time(props: { iso?: string; children: ReactNode }) {
  if (!props.iso) {
    return <>{props.children}</>;
  }
  return (
    <Tooltip title={absoluteTime(props.iso)}>
      <time dateTime={props.iso}>{props.children}</time>
    </Tooltip>
  );
}

interface Column {
  id: string;
  title: string;
  optional?: OptionalColumn;
  wrap?: boolean;
  render: (s: Sandbox) => ReactNode;
}

/**
 * Sandboxes as a table: plain words first, one click to each sandbox. A plain
 * MUI table: the list is filtered and paged by the server, so none of the
 * client-side features of core-components' Table are needed.
 */
export function SandboxesTable(props: SandboxesTableProps) {
  const classes = useStyles();
  const sandboxLink = useRouteRef(sandboxRouteRef);
  const hidden = new Set(props.hiddenColumns ?? []);

  const allColumns: Column[] = [
    {
      id: 'name',
      title: 'Name',
      wrap: true,
      render: s => (
        <>
          <Link to={sandboxLink({ name: s.name })} className={classes.name}>
            {s.displayName}
          </Link>
          {s.displayName !== s.name && (
            <Typography variant="caption" display="block" color="textSecondary">
              {s.name}
            </Typography>
          )}
        </>
      ),
    },
    {
      id: 'status',
      title: 'Status',
      render: s => <SandboxStatusChip sandbox={s} />,
    },
    {
      id: 'template',
      title: 'Template',
      optional: 'template',
      render: s => s.template,
    },
    {
      id: 'owner',
      title: 'Owner',
      optional: 'owner',
      render: s => shortEntityRef(s.owner),
    },
    {
      id: 'entity',
      title: 'For',
      optional: 'entity',
      render: s => shortEntityRef(s.entityRef) || '—',
    },
    {
      id: 'url',
      title: 'Address',
      wrap: true,
      render: s =>
        s.url ? (
          <Link to={s.url} aria-label={`Open ${s.displayName}`}>
            {s.url.replace(/^https?:\/\//, '')}
          </Link>
        ) : (
          '—'
        ),
    },
    {
      id: 'expires',
      title: 'Time left',
      render: s => <Time iso={s.expiresAt}>{timeLeft(s.expiresAt)}</Time>,
    },
    {
      id: 'activity',
      title: 'Last used',
      optional: 'lastActivity',
      render: s =>
        s.lastActivityAt ? (
          <Time iso={s.lastActivityAt}>{relativeTime(s.lastActivityAt)}</Time>
        ) : (
          'Not yet'
        ),
    },
  ];
  const columns = allColumns.filter(
    c => !c.optional || !hidden.has(c.optional),
  );

  return (
    <>
      {props.loading ? (
        <LinearProgress
          className={classes.progress}
          aria-label="Loading sandboxes"
        />
      ) : (
        <div className={classes.progressPlaceholder} />
      )}
      <Table size="small" aria-label="Sandboxes" aria-busy={props.loading}>
        <TableHead>
          <TableRow>
            {columns.map(c => (
              <TableCell key={c.id} className={classes.nowrap}>
                {c.title}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.sandboxes.map(s => (
            <TableRow key={s.name} hover>
              {columns.map(c => (
                <TableCell
                  key={c.id}
                  className={c.wrap ? undefined : classes.nowrap}
                >
                  {c.render(s)}
                </TableCell>
              ))}
            </TableRow>
          ))}
          {!props.loading && props.sandboxes.length === 0 && (
            <TableRow>
              <TableCell colSpan={columns.length}>
                {props.emptyContent}
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
    </>
  );
}
