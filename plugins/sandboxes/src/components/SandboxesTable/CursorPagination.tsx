import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ChevronLeft from '@material-ui/icons/ChevronLeft';
import ChevronRight from '@material-ui/icons/ChevronRight';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'flex-end',
    gap: theme.spacing(1),
    padding: theme.spacing(1, 2),
  },
}));

export interface CursorPaginationProps {
  pageIndex: number;
  pageSize: number;
  shownCount: number;
  totalCount: number;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}

/** "26–50 of 1,000" with previous / next buttons over a cursor-paged list. */
export function CursorPagination(props: CursorPaginationProps) {
  const classes = useStyles();
  const { pageIndex, pageSize, shownCount, totalCount } = props;
  const first = shownCount === 0 ? 0 : pageIndex * pageSize + 1;
  const last = pageIndex * pageSize + shownCount;
  return (
    <nav className={classes.root} aria-label="Pages of sandboxes">
      <Typography variant="body2" aria-live="polite">
        {first}–{last} of {totalCount.toLocaleString('en-US')}
      </Typography>
      <IconButton
        aria-label="Previous page"
        onClick={props.onPrevious}
        disabled={pageIndex === 0}
      >
        <ChevronLeft />
      </IconButton>
      <IconButton
        aria-label="Next page"
        onClick={props.onNext}
        disabled={!props.hasNext}
      >
        <ChevronRight />
      </IconButton>
    </nav>
  );
}
