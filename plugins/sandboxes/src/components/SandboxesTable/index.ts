export { SandboxesTable } from './SandboxesTable';
export type { SandboxesTableProps, OptionalColumn } from './SandboxesTable';
export { CursorPagination } from './CursorPagination';
export { useCursorPages } from './useCursorPages';
