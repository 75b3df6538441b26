import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import Tooltip from '@material-ui/core/Tooltip';
import { Sandbox } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { statusWord, StatusTone } from '../../lib/status';

const ICONS: Record<StatusTone, typeof StatusOK> = {
  ok: StatusOK,
  pending: StatusRunning,
  sleeping: StatusPending,
  error: StatusError,
  aborted: StatusAborted,
};

/** The sandbox's status in one plain word, with a coloured marker. */
export function SandboxStatusChip(props: {
  sandbox: Pick<Sandbox, 'phase' | 'stale'>;
}) {
  const { phase, stale } = props.sandbox;
  const { label, tone } = statusWord(phase);
  const Icon = ICONS[tone];
  if (stale) {
    return (
      <Tooltip title="The cluster could not be reached; this is the last known status.">
        <span>
          <StatusWarning>{label} (last known)</StatusWarning>
        </span>
      </Tooltip>
    );
  }
  return <Icon>{label}</Icon>;
}
