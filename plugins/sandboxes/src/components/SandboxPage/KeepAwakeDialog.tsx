import { useState } from 'react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { SandboxDetails } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { useSandboxesApi } from '../../hooks/useSandboxesApi';
import { KeepAwakeChoice, keepAwakeEnd } from '../../lib/keepAwake';
import { clockTime, formatMinutes } from '../../lib/time';
import { ActionButton } from '../ActionButton';
import { ConfirmDialog } from '../ConfirmDialog';

const HOURS = [1, 4, 8];
const UNTIL_TIME = 'until-time';
/** The end of a working day, the time people most often mean. */
const DEFAULT_TIME_OF_DAY = '18:00';

export interface KeepAwakeDialogProps {
  open: boolean;
  sandbox: SandboxDetails;
  /** The current pin, when one is still in force. */
  pinnedUntil?: string;
  onChanged: () => void;
  onClose: () => void;
}

/** Pins a sandbox awake for some hours or until a time of day ("until 18:00"), or lifts the pin. */
export function KeepAwakeDialog(props: KeepAwakeDialogProps) {
  const { open, sandbox, pinnedUntil, onChanged, onClose } = props;
  const api = useSandboxesApi();
  const [period, setPeriod] = useState<string>(String(HOURS[0]));
  const [timeOfDay, setTimeOfDay] = useState(DEFAULT_TIME_OF_DAY);
  const choice: KeepAwakeChoice =
    period === UNTIL_TIME ? { timeOfDay } : { hours: Number(period) };
  const end = keepAwakeEnd(choice, sandbox.expiresAt);

  return (
    <ConfirmDialog
      open={open}
      title="Keep this sandbox awake?"
      consequence={
        pinnedUntil
          ? `It is kept awake until ${clockTime(
              pinnedUntil,
            )}. Choose a new time, or let it sleep when nobody uses it.`
          : 'It will not be put to sleep when nobody uses it, for the time you choose. It still uses resources all that time.'
      }
      confirmLabel="Keep awake"
      onConfirm={async () => {
        if (!end) {
          throw new Error('Choose a time of day, for example 18:00.');
        }
        await api.keepAwake(sandbox.name, end.until.toISO()!);
        onChanged();
      }}
      onClose={onClose}
    >
      <TextField
        id="keep-awake-for"
        select
        label="Keep awake"
        fullWidth
        margin="dense"
        variant="outlined"
        value={period}
        onChange={e => setPeriod(e.target.value)}
        helperText={
          end &&
          (end.cappedAtExpiry
            ? `Until ${clockTime(
                end.until.toISO()!,
              )}, when the sandbox expires.`
            : `Until ${clockTime(end.until.toISO()!)}.`)
        }
      >
        {HOURS.map(hours => (
          <MenuItem key={hours} value={String(hours)}>
            For {formatMinutes(hours * 60)}
          </MenuItem>
        ))}
        <MenuItem value={UNTIL_TIME}>Until a time of day</MenuItem>
      </TextField>
      {period === UNTIL_TIME && (
        <TextField
          id="keep-awake-until"
          type="time"
          label="Until"
          margin="dense"
          variant="outlined"
          value={timeOfDay}
          onChange={e => setTimeOfDay(e.target.value)}
          InputLabelProps={{ shrink: true }}
          error={!end}
          helperText={end ? undefined : 'Choose a time, for example 18:00.'}
        />
      )}
      {pinnedUntil && (
        <ActionButton
          onClick={async () => {
            await api.keepAwake(sandbox.name, null);
            onChanged();
            onClose();
          }}
        >
          Let it sleep when idle
        </ActionButton>
      )}
    </ConfirmDialog>
  );
}
