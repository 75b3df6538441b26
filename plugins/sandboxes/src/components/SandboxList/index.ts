export { SandboxList, DEFAULT_PAGE_SIZE } from './SandboxList';
export type { SandboxListProps } from './SandboxList';
