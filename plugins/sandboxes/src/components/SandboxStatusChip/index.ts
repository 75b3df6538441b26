export { SandboxStatusChip } from './SandboxStatusChip';
