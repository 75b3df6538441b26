export { CreateSandboxDialog } from './CreateSandboxDialog';
export type { CreateSandboxDialogProps } from './CreateSandboxDialog';
