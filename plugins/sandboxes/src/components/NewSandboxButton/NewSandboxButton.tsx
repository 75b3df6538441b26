import { useState } from 'react';
import AddIcon from '@material-ui/icons/Add';
import { SandboxDetails } from '@sandboxkit/backstage-plugin-sandboxes-common';
import {
  PERMISSION_REASONS,
  useCreatePermission,
} from '../../hooks/useSandboxPermissions';
import { ActionButton } from '../ActionButton';
import { CreateSandboxDialog } from '../CreateSandboxDialog';

export interface NewSandboxButtonProps {
  initialTemplate?: string;
  entityRef?: string;
  onCreated?: (sandbox: SandboxDetails) => void;
}

/** "New sandbox", disabled with a reason for people who may not create. */
export function NewSandboxButton(props: NewSandboxButtonProps) {
  const [open, setOpen] = useState(false);
  const permission = useCreatePermission();
  return (
    <>
      <ActionButton
        variant="contained"
        color="primary"
        startIcon={<AddIcon />}
        onClick={() => setOpen(true)}
        busy={permission.loading}
        disabledReason={
          !permission.loading && !permission.allowed
            ? PERMISSION_REASONS.create
            : undefined
        }
      >
        New sandbox
      </ActionButton>
      {open && (
        <CreateSandboxDialog
          open={open}
          onClose={() => setOpen(false)}
          initialTemplate={props.initialTemplate}
          entityRef={props.entityRef}
          onCreated={props.onCreated}
        />
      )}
    </>
  );
}
