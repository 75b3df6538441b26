export { NewSandboxButton } from './NewSandboxButton';
export type { NewSandboxButtonProps } from './NewSandboxButton';
