import { CopyTextButton, InfoCard, Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import BugReportIcon from '@material-ui/icons/BugReport';
import LanguageIcon from '@material-ui/icons/Language';
import LinkIcon from '@material-ui/icons/Link';
import ShowChartIcon from '@material-ui/icons/ShowChart';
import SubjectIcon from '@material-ui/icons/Subject';
import TimelineIcon from '@material-ui/icons/Timeline';
import {
  SandboxDetails,
  SandboxLink,
} from '@sandboxkit/backstage-plugin-sandboxes-common';

const useStyles = makeStyles(theme => ({
  command: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginTop: theme.spacing(0.5),
    marginBottom: theme.spacing(1.5),
  },
  code: {
    flex: 1,
    overflowX: 'auto',
    padding: theme.spacing(1),
    borderRadius: theme.shape.borderRadius,
    backgroundColor: theme.palette.background.default,
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
    whiteSpace: 'pre',
  },
}));

const LINK_ICONS: Record<SandboxLink['type'], typeof LinkIcon> = {
  logs: SubjectIcon,
  metrics: ShowChartIcon,
  traces: TimelineIcon,
  exceptions: BugReportIcon,
  other: LinkIcon,
};

/** Addresses, observability links and connect commands. */
export function LinksCard(props: { sandbox: SandboxDetails }) {
  const { endpoints, links, connectCommands } = props.sandbox;
  const classes = useStyles();
  return (
    <InfoCard title="Open and connect">
      {endpoints.length + links.length === 0 && (
        <Typography color="textSecondary">
          No addresses yet; they appear when the sandbox is ready.
        </Typography>
      )}
      <List dense aria-label="Links">
        {endpoints.map(endpoint => (
          <ListItem key={`endpoint-${endpoint.name}`}>
            <ListItemIcon>
              <LanguageIcon />
            </ListItemIcon>
            <ListItemText
              primary={<Link to={endpoint.url}>{endpoint.url}</Link>}
              secondary={endpoint.name}
            />
          </ListItem>
        ))}
        {links.map(link => {
          const Icon = LINK_ICONS[link.type] ?? LinkIcon;
          return (
            <ListItem key={`link-${link.title}`}>
              <ListItemIcon>
                <Icon />
              </ListItemIcon>
              <ListItemText primary={<Link to={link.url}>{link.title}</Link>} />
            </ListItem>
          );
        })}
      </List>
      {connectCommands.length > 0 && (
        <Box mt={1}>
          <Typography variant="subtitle2" component="h3">
            Connect from your computer
          </Typography>
          {connectCommands.map(c => (
            <div key={c.title}>
              <Typography variant="body2" color="textSecondary">
                {c.title}
              </Typography>
              <div className={classes.command}>
                <code className={classes.code}>{c.command}</code>
                <CopyTextButton
                  text={c.command}
                  tooltipText="Copied"
                  aria-label={`Copy: ${c.title}`}
                />
              </div>
            </div>
          ))}
        </Box>
      )}
    </InfoCard>
  );
}
