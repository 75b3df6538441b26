export { ChangeSandboxDialog } from './ChangeSandboxDialog';
export type { ChangeSandboxDialogProps } from './ChangeSandboxDialog';
