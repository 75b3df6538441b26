import { ReactNode, useId } from 'react';
import Button, { ButtonProps } from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  unavailable: {
    color: theme.palette.action.disabled,
    borderColor: theme.palette.action.disabledBackground,
    cursor: 'not-allowed',
    boxShadow: 'none',
    '&.MuiButton-contained': {
      backgroundColor: theme.palette.action.disabledBackground,
    },
  },
  visuallyHidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
}));

export interface ActionButtonProps
  extends Omit<ButtonProps, 'disabled' | 'children'> {
  children: ReactNode;
  /** Why the action is not available; the button does nothing when set. */
  disabledReason?: string;
  /** Disabled without a reason to give (e.g. while permissions load). */
  busy?: boolean;
}

/**
 * A button that, when the user may not use it, stays visible and says why.
 * It is marked `aria-disabled` rather than `disabled` so that keyboard users
 * can still focus it and hear the reason (its accessible description), and
 * mouse users see the reason in a tooltip.
 */
export function ActionButton(props: ActionButtonProps) {
  const { disabledReason, busy, children, className, ...buttonProps } = props;
  const classes = useStyles();
  const reasonId = useId();
  if (!disabledReason) {
    return (
      <Button {...buttonProps} className={className} disabled={busy}>
        {children}
      </Button>
    );
  }
  return (
    <>
      <Tooltip title={disabledReason}>
        <Button
          {...buttonProps}
          className={`${className ?? ''} ${classes.unavailable}`}
          aria-disabled="true"
          aria-describedby={reasonId}
          onClick={undefined}
          disableRipple
        >
          {children}
        </Button>
      </Tooltip>
      <span id={reasonId} className={classes.visuallyHidden}>
        {disabledReason}
      </span>
    </>
  );
}
