import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { SandboxTemplateInfo } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { StoredSecret, TemplateFields } from '../TemplateFields';
import { ChangeDraft, FollowSource, shownParameters } from './changeDraft';

export interface ChangeSandboxFormProps {
  template?: SandboxTemplateInfo;
  draft: ChangeDraft;
  /** Whether each secret parameter is set; its value is never known here. */
  storedSecrets: Record<string, StoredSecret>;
  /** Messages keyed by field ("size", "images.api", "parameters.logLevel"). */
  errors: Record<string, string>;
  onChange: (draft: ChangeDraft) => void;
}

const FOLLOW_SOURCES: Array<[FollowSource, string]> = [
  ['none', 'No branch'],
  ['repository', 'A branch of a repository'],
  ['entity', "A branch of a catalog entity's repository"],
];

/** Name, size, mutable parameters, images and the followed branch. */
export function ChangeSandboxForm(props: ChangeSandboxFormProps) {
  const { template, draft, errors, onChange } = props;
  const set = (change: Partial<ChangeDraft>) =>
    onChange({ ...draft, ...change });
  const setFollow = (change: Partial<ChangeDraft['follow']>) =>
    set({ follow: { ...draft.follow, ...change } });
  const field = (name: string, hint?: string) => ({
    fullWidth: true,
    margin: 'dense' as const,
    variant: 'outlined' as const,
    error: Boolean(errors[name]),
    helperText: errors[name] ?? hint,
  });

  return (
    <>
      <TextField
        id="change-display-name"
        label="Name"
        required
        value={draft.displayName}
        onChange={e => set({ displayName: e.target.value })}
        {...field('displayName')}
      />
      <TemplateFields
        parameters={shownParameters(template)}
        values={draft.parameters}
        storedSecrets={props.storedSecrets}
        parameterErrors={Object.fromEntries(
          shownParameters(template).map(p => [
            p.name,
            errors[`parameters.${p.name}`],
          ]),
        )}
        onParameterChange={(name, value) =>
          set({ parameters: { ...draft.parameters, [name]: value } })
        }
        sizes={template?.sizes ?? []}
        size={draft.size}
        sizeError={errors.size}
        onSizeChange={size => set({ size })}
      />
      {Object.entries(draft.images).map(([component, image]) => (
        <TextField
          key={component}
          id={`change-image-${component}`}
          label={`Image of ${component}`}
          placeholder="The template's image"
          value={image}
          onChange={e =>
            set({ images: { ...draft.images, [component]: e.target.value } })
          }
          {...field(
            `images.${component}`,
            "e.g. ghcr.io/acme/api:1.2.3; empty runs the template's image",
          )}
        />
      ))}
      <TextField
        id="change-follow"
        select
        label="Follow"
        value={draft.follow.source}
        onChange={e => setFollow({ source: e.target.value as FollowSource })}
        {...field(
          'follow',
          'Each build CI reports for the branch moves the sandbox to its images',
        )}
      >
        {FOLLOW_SOURCES.map(([source, label]) => (
          <MenuItem key={source} value={source}>
            {label}
          </MenuItem>
        ))}
      </TextField>
      {draft.follow.source === 'repository' && (
        <TextField
          id="change-follow-repository"
          label="Repository"
          required
          value={draft.follow.repository}
          onChange={e => setFollow({ repository: e.target.value })}
          {...field('follow.repository', 'e.g. https://github.com/acme/api')}
        />
      )}
      {draft.follow.source === 'entity' && (
        <TextField
          id="change-follow-entity"
          label="Catalog entity"
          required
          value={draft.follow.entityRef}
          onChange={e => setFollow({ entityRef: e.target.value })}
          {...field(
            'follow.entityRef',
            'e.g. component:default/payments; its source location names the repository',
          )}
        />
      )}
      {draft.follow.source !== 'none' && (
        <TextField
          id="change-follow-branch"
          label="Branch"
          required
          value={draft.follow.branch}
          onChange={e => setFollow({ branch: e.target.value })}
          {...field('follow.branch')}
        />
      )}
    </>
  );
}
