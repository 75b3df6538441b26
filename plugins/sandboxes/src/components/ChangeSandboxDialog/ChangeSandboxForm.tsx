import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { SandboxTemplateInfo } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { StoredSecret, TemplateFields } from '../TemplateFields';
import { ChangeDraft, shownParameters } from './changeDraft';
import { fieldProps } from './fieldProps';
import { FollowFields } from './FollowFields';

export interface ChangeSandboxFormProps {
  template?: SandboxTemplateInfo;
  draft: ChangeDraft;
  /** Whether each secret parameter is set; its value is never known here. */
  storedSecrets: Record<string, StoredSecret>;
  /** Messages keyed by field ("size", "images.api", "parameters.logLevel"). */
  errors: Record<string, string>;
  onChange: (draft: ChangeDraft) => void;
}

/** Name, parameters, size, images, and the branch followed by the sandbox and by each component. */
export function ChangeSandboxForm(props: ChangeSandboxFormProps) {
  const { template, draft, errors, onChange } = props;
  const set = (change: Partial<ChangeDraft>) =>
    onChange({ ...draft, ...change });
  const field = (name: string, hint?: string) => fieldProps(errors, name, hint);

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
      <FollowFields
        field="follow"
        label="Follow"
        noneLabel="No branch"
        labelSuffix=""
        hint="Each build CI reports for the branch moves the sandbox to its images"
        value={draft.follow}
        errors={errors}
        onChange={follow => set({ follow })}
      />
      {Object.keys(draft.componentFollow).length > 0 && (
        <Typography variant="subtitle2" component="h3">
          Branch per component
        </Typography>
      )}
      {Object.entries(draft.componentFollow).map(([component, follow]) => (
        <FollowFields
          key={component}
          field={`componentFollow.${component}`}
          label={`${component} follows`}
          noneLabel="The sandbox's branch"
          labelSuffix={` for ${component}`}
          hint={`Builds of this branch move only ${component}`}
          value={follow}
          errors={errors}
          onChange={value =>
            set({
              componentFollow: {
                ...draft.componentFollow,
                [component]: value,
              },
            })
          }
        />
      ))}
    </>
  );
}
