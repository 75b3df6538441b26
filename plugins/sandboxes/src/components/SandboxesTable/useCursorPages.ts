import { useCallback, useState } from 'react';

type Pages = { key: string; cursors: Array<string | undefined> };

/**
 * Remembers the cursors of the pages seen so far, so "previous" works over a
 * forward-only cursor API. Starts again at the first page as soon as
 * `resetKey` (the filters) changes, without a request for the old cursor.
 */
export function useCursorPages(resetKey: string) {
  const [pages, setPages] = useState<Pages>({
    key: resetKey,
    cursors: [undefined],
  });
  const cursors = pages.key === resetKey ? pages.cursors : [undefined];
  const next = useCallback(
    (nextCursor: string | undefined) => {
      if (nextCursor) {
        setPages(current => ({
          key: resetKey,
          cursors: [
            ...(current.key === resetKey ? current.cursors : [undefined]),
            nextCursor,
          ],
        }));
      }
    },
    [resetKey],
  );
  const previous = useCallback(
    () =>
      setPages(current => ({
        key: resetKey,
        cursors:
          current.key === resetKey && current.cursors.length > 1
            ? current.cursors.slice(0, -1)
            : [undefined],
      })),
    [resetKey],
  );
  return {
    pageIndex: cursors.length - 1,
    cursor: cursors[cursors.length - 1],
    next,
    previous,
  };
}
