import { useEffect, useMemo, useState } from 'react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { SandboxTemplateInfo } from '@sandboxkit/backstage-plugin-sandboxes-common';
import {
  initialParameterValues,
  ParameterFormValues,
  ParameterValue,
  toParameterValues,
  validateParameters,
} from '../../lib/parameters';
import { durationChoices, formatMinutes } from '../../lib/time';
import { TemplateFields } from '../TemplateFields';
import { CreateSandboxRequestDraft } from './types';

export interface CreateSandboxFormProps {
  templates: SandboxTemplateInfo[];
  initialTemplate?: string;
  initialParameters?: Record<string, ParameterValue>;
  /** Set when the user pressed Create: show every message, even untouched. */
  showAllErrors: boolean;
  /** The draft as it stands, and whether it may be sent. */
  onChange: (draft: CreateSandboxRequestDraft) => void;
}

/** A template its owner must fix first (e.g. a pattern that is not RE2). */
const isUsable = (t: SandboxTemplateInfo) => !t.problems?.length;

/** Template, size, lifetime and the template's own parameters. */
export function CreateSandboxForm(props: CreateSandboxFormProps) {
  const { templates, onChange } = props;
  const [templateName, setTemplateName] = useState(() => {
    const usable = templates.filter(isUsable);
    return (
      templates.find(t => t.name === props.initialTemplate)?.name ??
      (usable.length === 1 ? usable[0].name : '')
    );
  });
  const template = templates.find(t => t.name === templateName);
  const [displayName, setDisplayName] = useState('');
  const [size, setSize] = useState('');
  const [ttlMinutes, setTtlMinutes] = useState(0);
  const [values, setValues] = useState<ParameterFormValues>({});
  const [touched, setTouched] = useState<Record<string, boolean>>({});

  // A new template brings its own defaults.
  useEffect(() => {
    if (!template) return;
    setSize(template.defaultSize ?? template.sizes[0]?.name ?? '');
    setTtlMinutes(template.ttl.defaultMinutes);
    setValues(
      initialParameterValues(template.parameters, props.initialParameters),
    );
    setTouched({});
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [template]);

  const errors = useMemo(
    () => (template ? validateParameters(template.parameters, values) : {}),
    [template, values],
  );

  useEffect(() => {
    if (!template) {
      onChange({ valid: false, missingTemplate: true });
      return;
    }
    if (!isUsable(template)) {
      onChange({ valid: false, missingTemplate: false, unusable: true });
      return;
    }
    onChange({
      valid: Object.keys(errors).length === 0,
      missingTemplate: false,
      request: {
        template: template.name,
        cluster: template.cluster,
        displayName: displayName.trim() || undefined,
        size: size || undefined,
        ttlMinutes: ttlMinutes || undefined,
        parameters: toParameterValues(template.parameters, values),
      },
    });
  }, [template, errors, displayName, size, ttlMinutes, values, onChange]);

  return (
    <>
      <TextField
        id="sandbox-template"
        select
        label="Template"
        required
        fullWidth
        margin="dense"
        variant="outlined"
        value={templateName}
        onChange={e => setTemplateName(e.target.value)}
        error={props.showAllErrors && !template}
        helperText={
          props.showAllErrors && !template
            ? 'Choose what to start'
            : 'What the sandbox contains'
        }
      >
        {templates.map(t => (
          <MenuItem key={t.name} value={t.name} disabled={!isUsable(t)}>
            {isUsable(t) ? t.displayName : `${t.displayName} (cannot be used)`}
          </MenuItem>
        ))}
      </TextField>
      {template && !isUsable(template) && (
        <Alert severity="warning">
          <AlertTitle>
            {template.displayName} cannot be used until its owner fixes it
          </AlertTitle>
          <ul>
            {template.problems!.map(problem => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </Alert>
      )}
      {template && isUsable(template) && (
        <>
          {template.description && (
            <Typography variant="body2" color="textSecondary" paragraph>
              {template.description}
            </Typography>
          )}
          <TextField
            id="sandbox-display-name"
            label="Name (optional)"
            fullWidth
            margin="dense"
            variant="outlined"
            value={displayName}
            onChange={e => setDisplayName(e.target.value)}
            helperText="A name you will recognise, e.g. “Checkout demo for ACME”"
          />
          <TemplateFields
            parameters={template.parameters}
            values={values}
            parameterErrors={
              props.showAllErrors
                ? errors
                : Object.fromEntries(
                    Object.keys(touched).map(name => [name, errors[name]]),
                  )
            }
            onParameterChange={(name, value) =>
              setValues(v => ({ ...v, [name]: value }))
            }
            onParameterBlur={name => setTouched(t => ({ ...t, [name]: true }))}
            sizes={template.sizes}
            size={size}
            onSizeChange={setSize}
          />
          <TextField
            id="sandbox-lifetime"
            select
            label="Lifetime"
            fullWidth
            margin="dense"
            variant="outlined"
            value={ttlMinutes || ''}
            onChange={e => setTtlMinutes(Number(e.target.value))}
            helperText={`It is deleted after this time; you can extend it, up to ${formatMinutes(
              template.ttl.maxMinutes,
            )} in total.`}
          >
            {durationChoices(template.ttl.maxMinutes, [
              template.ttl.defaultMinutes,
            ]).map(minutes => (
              <MenuItem key={minutes} value={minutes}>
                {formatMinutes(minutes)}
              </MenuItem>
            ))}
          </TextField>
        </>
      )}
    </>
  );
}
