import { ReactNode } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';

export interface FormDialogProps {
  open: boolean;
  /** The title element's id, which names the dialog. */
  titleId: string;
  title: string;
  /** While a request is out the dialog stays open and its buttons wait. */
  sending: boolean;
  onClose: () => void;
  cancelLabel?: string;
  /** The primary button; absent when there is nothing to send. */
  submit?: { label: string; onClick: () => void; disabled?: boolean };
  children: ReactNode;
}

/** The frame of the create and change dialogs: title, form, Cancel and the primary button. */
export function FormDialog(props: FormDialogProps) {
  const { sending, onClose, submit } = props;
  return (
    <Dialog
      open={props.open}
      onClose={sending ? undefined : onClose}
      aria-labelledby={props.titleId}
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle id={props.titleId}>{props.title}</DialogTitle>
      <DialogContent>{props.children}</DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={sending}>
          {props.cancelLabel ?? 'Cancel'}
        </Button>
        {submit && (
          <Button
            onClick={submit.onClick}
            disabled={sending || submit.disabled}
            color="primary"
            variant="contained"
          >
            {submit.label}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
