import { ReactNode, useEffect, useMemo, useState } from 'react';
import { ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { ListSandboxesRequest } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { useSandboxes } from '../../hooks/useSandboxes';
import { useTemplates } from '../../hooks/useTemplates';
import {
  CursorPagination,
  OptionalColumn,
  SandboxesTable,
  useCursorPages,
} from '../SandboxesTable';
import {
  NO_FILTERS,
  SandboxFilterValues,
  SandboxFilters,
} from './SandboxFilters';

export const DEFAULT_PAGE_SIZE = 25;

export interface SandboxListProps {
  /** Fixed filters of this place ("mine", one entity). */
  scope: Pick<ListSandboxesRequest, 'owner' | 'entityRef'>;
  /** Shown when nothing exists in this scope at all. */
  emptyState: ReactNode;
  showFilters?: boolean;
  hiddenColumns?: OptionalColumn[];
  pageSize?: number;
  /** Changes when the list must be asked again at once (after a create). */
  reloadKey?: number;
}

/**
 * A live, filterable, cursor-paged list of sandboxes with its loading, empty
 * and error states. The server filters and pages, so 1,000 sandboxes cost
 * the same as 25.
 */
export function SandboxList(props: SandboxListProps) {
  const { scope, pageSize = DEFAULT_PAGE_SIZE, showFilters = true } = props;
  const [filters, setFilters] = useState<SandboxFilterValues>(NO_FILTERS);
  const templates = useTemplates();

  const filterKey = JSON.stringify({ scope, filters, pageSize });
  const pages = useCursorPages(filterKey);
  const request: ListSandboxesRequest = useMemo(
    () => ({
      ...scope,
      q: filters.q || undefined,
      template: filters.template || undefined,
      phase: filters.phase || undefined,
      limit: pageSize,
      cursor: pages.cursor,
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [filterKey, pages.cursor],
  );
  const list = useSandboxes(request);
  const { refresh } = list;
  useEffect(() => {
    if (props.reloadKey) refresh();
  }, [props.reloadKey, refresh]);

  const filtered = Boolean(filters.q || filters.template || filters.phase);
  if (list.error && !list.value) {
    return (
      <>
        <ResponseErrorPanel
          title="Could not load sandboxes"
          error={list.error}
        />
        <Button variant="outlined" onClick={() => list.refresh()}>
          Try again
        </Button>
      </>
    );
  }
  if (
    !list.loading &&
    !filtered &&
    list.value?.totalCount === 0 &&
    pages.pageIndex === 0
  ) {
    return <>{props.emptyState}</>;
  }

  return (
    <>
      {showFilters && (
        <SandboxFilters
          value={filters}
          templates={templates.value ?? []}
          onChange={setFilters}
        />
      )}
      {list.error && (
        <Typography color="error" role="status" variant="body2">
          Live updates paused: {list.error.message}. Showing the last known
          list.
        </Typography>
      )}
      <Paper variant="outlined">
        <SandboxesTable
          sandboxes={list.value?.items ?? []}
          loading={list.loading}
          hiddenColumns={props.hiddenColumns}
          emptyContent={
            <Box p={2}>
              <Typography align="center">
                No sandboxes match these filters.
              </Typography>
            </Box>
          }
        />
        <CursorPagination
          pageIndex={pages.pageIndex}
          pageSize={pageSize}
          shownCount={list.value?.items.length ?? 0}
          totalCount={list.value?.totalCount ?? 0}
          hasNext={Boolean(list.value?.nextCursor)}
          onPrevious={pages.previous}
          onNext={() => pages.next(list.value?.nextCursor)}
        />
      </Paper>
    </>
  );
}
