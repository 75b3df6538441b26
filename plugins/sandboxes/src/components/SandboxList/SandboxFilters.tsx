import { useEffect, useState } from 'react';
import InputAdornment from '@material-ui/core/InputAdornment';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import SearchIcon from '@material-ui/icons/Search';
import { SandboxPhase } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { STATUS_FILTER_CHOICES } from '../../lib/status';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  select: { minWidth: 180 },
}));

export interface SandboxFilterValues {
  q: string;
  template: string;
  phase: SandboxPhase | '';
}

export const NO_FILTERS: SandboxFilterValues = {
  q: '',
  template: '',
  phase: '',
};

/** How long typing pauses before a search is sent. */
const SEARCH_DEBOUNCE_MS = 300;

/** Search box and template / status pickers above a sandboxes table. */
export function SandboxFilters(props: {
  value: SandboxFilterValues;
  templates: Array<{ name: string; displayName: string }>;
  onChange: (value: SandboxFilterValues) => void;
}) {
  const classes = useStyles();
  const { value, onChange } = props;
  const [text, setText] = useState(value.q);

  useEffect(() => {
    if (text === value.q) return undefined;
    const timer = setTimeout(
      () => onChange({ ...value, q: text }),
      SEARCH_DEBOUNCE_MS,
    );
    return () => clearTimeout(timer);
  }, [text, value, onChange]);

  return (
    <div className={classes.root} role="search">
      <TextField
        id="sandbox-search"
        label="Search"
        placeholder="Name, owner or template"
        variant="outlined"
        size="small"
        value={text}
        onChange={e => setText(e.target.value)}
        InputProps={{
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon fontSize="small" />
            </InputAdornment>
          ),
        }}
      />
      <TextField
        id="sandbox-filter-template"
        select
        label="Template"
        variant="outlined"
        size="small"
        className={classes.select}
        value={value.template}
        onChange={e => onChange({ ...value, template: e.target.value })}
        SelectProps={{ displayEmpty: true }}
        InputLabelProps={{ shrink: true }}
      >
        <MenuItem value="">Any template</MenuItem>
        {props.templates.map(t => (
          <MenuItem key={t.name} value={t.name}>
            {t.displayName}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        id="sandbox-filter-status"
        select
        label="Status"
        variant="outlined"
        size="small"
        className={classes.select}
        value={value.phase}
        onChange={e =>
          onChange({ ...value, phase: e.target.value as SandboxPhase | '' })
        }
        SelectProps={{ displayEmpty: true }}
        InputLabelProps={{ shrink: true }}
      >
        <MenuItem value="">Any status</MenuItem>
        {STATUS_FILTER_CHOICES.map(choice => (
          <MenuItem key={choice.phase} value={choice.phase}>
            {choice.label}
          </MenuItem>
        ))}
      </TextField>
    </div>
  );
}
