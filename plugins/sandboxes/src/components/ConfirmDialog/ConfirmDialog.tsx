import { ReactNode, useState } from 'react';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  /** What will happen and what will be lost, in plain words. */
  consequence: ReactNode;
  confirmLabel: string;
  /** Red confirm button for actions that destroy something. */
  destructive?: boolean;
  /** Extra inputs (a duration picker…) shown above the buttons. */
  children?: ReactNode;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

/** Asks before an action, runs it, and shows its error without closing. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { open, title, consequence, confirmLabel, destructive, children } =
    props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await props.onConfirm();
      setBusy(false);
      props.onClose();
    } catch (e) {
      setBusy(false);
      setError(e instanceof Error ? e : new Error(String(e)));
    }
  };

  const titleId = `confirm-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <Dialog
      open={open}
      onClose={busy ? undefined : props.onClose}
      aria-labelledby={titleId}
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>
        <DialogContentText component="div">{consequence}</DialogContentText>
        {children}
        {error && (
          <Alert severity="error" role="alert">
            {error.message}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          onClick={confirm}
          disabled={busy}
          variant="contained"
          color={destructive ? 'secondary' : 'primary'}
          startIcon={busy ? <CircularProgress size={16} /> : undefined}
        >
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
