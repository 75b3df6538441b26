import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import Box from '@material-ui/core/Box';
import { sandboxRouteRef } from '../../routes';
import { useSandbox } from '../../hooks/useSandbox';
import { statusHeadline } from '../../lib/status';
import { SandboxStatusChip } from '../SandboxStatusChip';

/** How often the dialog checks on a sandbox being created. */
export const CREATION_POLL_MS = 1000;

/** "Creating… → Ready", then the address and a link to the sandbox page. */
export function CreationProgress(props: { name: string }) {
  const { value, error } = useSandbox(props.name, {
    intervalMs: CREATION_POLL_MS,
  });
  const sandboxLink = useRouteRef(sandboxRouteRef);
  if (!value) {
    return error ? (
      <ResponseErrorPanel error={error} title="Could not follow the sandbox" />
    ) : (
      <Progress />
    );
  }
  const { sandbox } = value;
  const headline = statusHeadline(sandbox);
  const ready = sandbox.phase === 'Ready';
  return (
    <Box aria-live="polite">
      <SandboxStatusChip sandbox={sandbox} />
      <Typography variant="h6" component="p">
        {ready ? 'Your sandbox is ready' : headline.title}
      </Typography>
      {!ready && sandbox.phase !== 'Failed' && <Progress />}
      {headline.detail && !ready && (
        <Typography color="textSecondary">{headline.detail}</Typography>
      )}
      {ready && sandbox.url && (
        <Typography>
          Open it at <Link to={sandbox.url}>{sandbox.url}</Link>
        </Typography>
      )}
      <Box mt={2}>
        <Link to={sandboxLink({ name: sandbox.name })}>
          Go to the sandbox page
        </Link>
      </Box>
    </Box>
  );
}
