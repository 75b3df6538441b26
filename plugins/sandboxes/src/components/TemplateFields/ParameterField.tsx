import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { TemplateParameter } from '@sandboxkit/backstage-plugin-sandboxes-common';

/** A secret parameter of a running sandbox: its value is never shown, only whether it has one. */
export interface StoredSecret {
  set: boolean;
  /** The template does not let it change on a running sandbox. */
  locked: boolean;
}

export interface ParameterFieldProps {
  parameter: TemplateParameter;
  value: string | boolean | undefined;
  error?: string;
  /** Only for a secret parameter of a running sandbox. */
  stored?: StoredSecret;
  onChange: (value: string | boolean) => void;
  onBlur?: () => void;
}

/** One input generated from a template's declared parameter. */
export function ParameterField(props: ParameterFieldProps) {
  const { parameter: p, value, error } = props;
  const label = p.title ?? p.name;
  const id = `sandbox-parameter-${p.name}`;

  if (p.type === 'boolean') {
    return (
      <div>
        <FormControlLabel
          control={
            <Checkbox
              id={id}
              checked={value === true}
              onChange={e => props.onChange(e.target.checked)}
              color="primary"
            />
          }
          label={label}
        />
        {p.description && <FormHelperText>{p.description}</FormHelperText>}
      </div>
    );
  }

  const common = {
    id,
    label,
    required: p.required && !props.stored?.set,
    fullWidth: true,
    margin: 'dense' as const,
    variant: 'outlined' as const,
    value: typeof value === 'string' ? value : '',
    error: Boolean(error),
    onBlur: props.onBlur,
    onChange: (e: { target: { value: string } }) =>
      props.onChange(e.target.value),
  };

  if (p.secret) {
    // The messages are the shared rules' words ("must match the pattern …"),
    // which never repeat the value; nothing here shows it either.
    return (
      <TextField
        {...common}
        type="password"
        autoComplete="new-password"
        disabled={props.stored?.locked}
        helperText={
          error ?? (props.stored ? storedHint(props.stored) : p.description)
        }
      />
    );
  }
  const helperText = error ?? p.description ?? rangeHint(p);
  if (p.enum) {
    return (
      <TextField {...common} helperText={helperText} select>
        {!p.required && (
          <MenuItem value="">
            <em>None</em>
          </MenuItem>
        )}
        {p.enum.map(option => (
          <MenuItem key={String(option)} value={String(option)}>
            {String(option)}
          </MenuItem>
        ))}
      </TextField>
    );
  }
  return (
    <TextField
      {...common}
      helperText={helperText}
      type={p.type === 'number' ? 'number' : 'text'}
      inputProps={{ min: p.minimum, max: p.maximum }}
    />
  );
}

function storedHint(stored: StoredSecret) {
  if (stored.locked) return stored.set ? 'set' : 'not set';
  return stored.set ? 'set — leave empty to keep' : 'not set';
}

function rangeHint(p: TemplateParameter) {
  if (p.minimum !== undefined && p.maximum !== undefined) {
    return `From ${p.minimum} to ${p.maximum}`;
  }
  if (p.minimum !== undefined) return `At least ${p.minimum}`;
  if (p.maximum !== undefined) return `At most ${p.maximum}`;
  return undefined;
}
