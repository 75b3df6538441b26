import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { FollowDraft, FollowSource } from './changeDraft';
import { fieldProps } from './fieldProps';

export interface FollowFieldsProps {
  /** The request's field the inputs stand for: "follow" or "componentFollow.api". */
  field: string;
  /** Label of the source choice: "Follow", "api follows". */
  label: string;
  /** What "no branch of its own" means here. */
  noneLabel: string;
  /** Appended to the labels of the inputs below the choice: "" or " for api". */
  labelSuffix: string;
  hint: string;
  value: FollowDraft;
  /** Messages keyed by field ("follow.branch", "componentFollow.api.repository"). */
  errors: Record<string, string>;
  onChange: (value: FollowDraft) => void;
}

/** Where builds come from: no branch, a repository's branch, or an entity's repository's branch. */
export function FollowFields(props: FollowFieldsProps) {
  const { field, value, errors, labelSuffix } = props;
  const id = `change-${field.replace(/\./g, '-')}`;
  const set = (change: Partial<FollowDraft>) =>
    props.onChange({ ...value, ...change });
  const input = (
    key: 'repository' | 'entityRef' | 'branch',
    label: string,
    hint?: string,
  ) => (
    <TextField
      id={`${id}-${key === 'entityRef' ? 'entity' : key}`}
      label={`${label}${labelSuffix}`}
      required
      value={value[key]}
      onChange={e => set({ [key]: e.target.value })}
      {...fieldProps(errors, `${field}.${key}`, hint)}
    />
  );
  const sources: Array<[FollowSource, string]> = [
    ['none', props.noneLabel],
    ['repository', 'A branch of a repository'],
    ['entity', "A branch of a catalog entity's repository"],
  ];
  return (
    <>
      <TextField
        id={id}
        select
        label={props.label}
        value={value.source}
        onChange={e => set({ source: e.target.value as FollowSource })}
        {...fieldProps(errors, field, props.hint)}
      >
        {sources.map(([source, text]) => (
          <MenuItem key={source} value={source}>
            {text}
          </MenuItem>
        ))}
      </TextField>
      {value.source === 'repository' &&
        input('repository', 'Repository', 'e.g. https://github.com/acme/api')}
      {value.source === 'entity' &&
        input(
          'entityRef',
          'Catalog entity',
          'e.g. component:default/payments; its source location names the repository',
        )}
      {value.source !== 'none' && input('branch', 'Branch')}
    </>
  );
}
