import { useState } from 'react';
import { useRouteRef } from '@backstage/core-plugin-api';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import { DateTime } from 'luxon';
import { useNavigate } from 'react-router-dom';
import { SandboxDetails } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { rootRouteRef } from '../../routes';
import { useSandboxesApi } from '../../hooks/useSandboxesApi';
import {
  PERMISSION_REASONS,
  useSandboxPermissions,
} from '../../hooks/useSandboxPermissions';
import { clockTime, durationChoices, formatMinutes } from '../../lib/time';
import { ActionButton } from '../ActionButton';
import { ChangeSandboxDialog } from '../ChangeSandboxDialog';
import { ConfirmDialog } from '../ConfirmDialog';
import { KeepAwakeDialog } from './KeepAwakeDialog';

const useStyles = makeStyles(theme => ({
  root: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) },
}));

type DialogKind =
  | 'change'
  | 'suspend'
  | 'resume'
  | 'extend'
  | 'keepAwake'
  | 'reseed'
  | 'delete';

/** Minutes the sandbox may still be extended by, in one go. */
export function extensionRoom(sandbox: SandboxDetails, now = DateTime.now()) {
  const untilMax = DateTime.fromISO(sandbox.lifetime.maxExpiresAt).diff(
    DateTime.max(DateTime.fromISO(sandbox.expiresAt), now),
    'minutes',
  ).minutes;
  if (sandbox.lifetime.extensionsLeft <= 0) return 0;
  return Math.max(
    0,
    Math.floor(Math.min(untilMax, sandbox.lifetime.maxExtensionMinutes)),
  );
}

/** The first reason that applies, in order of importance. */
function unavailableReason(
  reasons: Array<[applies: boolean, reason: string]>,
): string | undefined {
  return reasons.find(([applies]) => applies)?.[1];
}

export interface SandboxActionsProps {
  sandbox: SandboxDetails;
  onChanged: () => void;
  /** Set by the status headline's "Wake it up" to open the resume dialog. */
  openDialog?: DialogKind;
  /** The status headline already offers "Wake it up"; do not repeat it. */
  wakeOfferedAbove?: boolean;
  onDialogClosed?: () => void;
}

/** Change, sleep / wake, extend, keep awake, reseed and delete, each confirmed. */
export function SandboxActions(props: SandboxActionsProps) {
  const { sandbox, onChanged } = props;
  const classes = useStyles();
  const api = useSandboxesApi();
  const navigate = useNavigate();
  const sandboxesLink = useRouteRef(rootRouteRef);
  const permissions = useSandboxPermissions(sandbox.name);
  const [ownDialog, setOwnDialog] = useState<DialogKind>();
  const dialog = ownDialog ?? props.openDialog;
  const closeDialog = () => {
    setOwnDialog(undefined);
    props.onDialogClosed?.();
  };
  const room = extensionRoom(sandbox);
  const [extendBy, setExtendBy] = useState<number>();
  const extendMinutes = extendBy ?? durationChoices(room)[0] ?? 0;

  const gone = ['Deleting', 'Expired'].includes(sandbox.phase);
  const updateReason = unavailableReason([
    [
      !permissions.update.loading && !permissions.update.allowed,
      PERMISSION_REASONS.update,
    ],
    [gone, 'This sandbox is going away.'],
  ]);
  const deleteReason = unavailableReason([
    [
      !permissions.remove.loading && !permissions.remove.allowed,
      PERMISSION_REASONS.remove,
    ],
    [sandbox.phase === 'Deleting', 'This sandbox is already being deleted.'],
  ]);
  const busy = permissions.update.loading;
  const asleep = sandbox.phase === 'Suspended' || sandbox.suspended;
  // Shown here unless the headline's "Wake it up" already offers it; kept
  // here when it cannot be used, to say why.
  const showWakeAction = asleep && !(props.wakeOfferedAbove && !updateReason);
  const pinnedUntil =
    sandbox.keepAwakeUntil &&
    DateTime.fromISO(sandbox.keepAwakeUntil) > DateTime.now()
      ? sandbox.keepAwakeUntil
      : undefined;

  const run = (action: () => Promise<unknown>) => async () => {
    await action();
    onChanged();
  };

  return (
    <div className={classes.root}>
      {showWakeAction && (
        <ActionButton
          variant="contained"
          color="primary"
          busy={busy}
          disabledReason={updateReason}
          onClick={() => setOwnDialog('resume')}
        >
          Wake up
        </ActionButton>
      )}
      {!asleep && (
        <ActionButton
          variant="outlined"
          busy={busy}
          disabledReason={updateReason}
          onClick={() => setOwnDialog('suspend')}
        >
          Put to sleep
        </ActionButton>
      )}
      <ActionButton
        variant="outlined"
        busy={busy}
        disabledReason={updateReason}
        onClick={() => setOwnDialog('change')}
      >
        Change…
      </ActionButton>
      <ActionButton
        variant="outlined"
        busy={busy}
        disabledReason={
          updateReason ??
          (room <= 0
            ? 'It has reached the longest lifetime its template allows.'
            : undefined)
        }
        onClick={() => setOwnDialog('extend')}
      >
        Extend
      </ActionButton>
      <ActionButton
        variant="outlined"
        busy={busy}
        disabledReason={updateReason}
        onClick={() => setOwnDialog('keepAwake')}
      >
        {pinnedUntil
          ? `Kept awake until ${clockTime(pinnedUntil)}`
          : 'Keep awake…'}
      </ActionButton>
      <ActionButton
        variant="outlined"
        busy={busy}
        disabledReason={updateReason}
        onClick={() => setOwnDialog('reseed')}
      >
        Reseed
      </ActionButton>
      <ActionButton
        variant="outlined"
        color="secondary"
        busy={permissions.remove.loading}
        disabledReason={deleteReason}
        onClick={() => setOwnDialog('delete')}
      >
        Delete
      </ActionButton>

      <ChangeSandboxDialog
        open={dialog === 'change'}
        sandbox={sandbox}
        onChanged={onChanged}
        onClose={closeDialog}
      />
      <ConfirmDialog
        open={dialog === 'suspend'}
        title="Put this sandbox to sleep?"
        consequence="Every component is scaled down to zero to save resources. Nothing is lost, but its address stops answering until you wake it up."
        confirmLabel="Put to sleep"
        onConfirm={run(() => api.suspendSandbox(sandbox.name))}
        onClose={closeDialog}
      />
      <ConfirmDialog
        open={dialog === 'resume'}
        title="Wake this sandbox up?"
        consequence="Its components start again with the data they had. It takes about a minute to be ready."
        confirmLabel="Wake up"
        onConfirm={run(() => api.resumeSandbox(sandbox.name))}
        onClose={closeDialog}
      />
      <ConfirmDialog
        open={dialog === 'extend'}
        title="Extend this sandbox?"
        consequence={`It is kept longer. It can be extended ${
          sandbox.lifetime.extensionsLeft
        } more time(s), up to ${clockTime(
          sandbox.lifetime.maxExpiresAt,
        )} at the latest.`}
        confirmLabel="Extend"
        onConfirm={run(() => api.extendSandbox(sandbox.name, extendMinutes))}
        onClose={closeDialog}
      >
        <TextField
          id="extend-by"
          select
          label="Extend by"
          fullWidth
          margin="dense"
          variant="outlined"
          value={extendMinutes || ''}
          onChange={e => setExtendBy(Number(e.target.value))}
          helperText={
            extendMinutes
              ? `New expiry: ${clockTime(
                  DateTime.fromISO(sandbox.expiresAt)
                    .plus({ minutes: extendMinutes })
                    .toISO()!,
                )}`
              : undefined
          }
        >
          {durationChoices(room).map(minutes => (
            <MenuItem key={minutes} value={minutes}>
              {formatMinutes(minutes)}
            </MenuItem>
          ))}
        </TextField>
      </ConfirmDialog>
      <KeepAwakeDialog
        open={dialog === 'keepAwake'}
        sandbox={sandbox}
        pinnedUntil={pinnedUntil}
        onChanged={onChanged}
        onClose={closeDialog}
      />
      <ConfirmDialog
        open={dialog === 'reseed'}
        title="Reseed this sandbox?"
        consequence="The sample data is loaded again. Any data you added or changed in it is replaced."
        confirmLabel="Reseed"
        destructive
        onConfirm={run(() => api.reseedSandbox(sandbox.name))}
        onClose={closeDialog}
      />
      <ConfirmDialog
        open={dialog === 'delete'}
        title={`Delete ${sandbox.displayName}?`}
        consequence="The sandbox and everything in it are removed: its data, its address and its history in the cluster. This cannot be undone."
        confirmLabel="Delete"
        destructive
        onConfirm={async () => {
          await api.deleteSandbox(sandbox.name);
          navigate(sandboxesLink());
        }}
        onClose={closeDialog}
      />
    </div>
  );
}
