import { useEffect, useMemo, useState } from 'react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import DialogContentText from '@material-ui/core/DialogContentText';
import Alert from '@material-ui/lab/Alert';
import {
  SandboxDetails,
  SandboxTemplateInfo,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { useSandboxesApi } from '../../hooks/useSandboxesApi';
import { useTemplates } from '../../hooks/useTemplates';
import { fieldProblems } from '../../lib/fieldProblems';
import { asQuotaRefusal, QuotaRefusal } from '../../lib/quota';
import { FormDialog } from '../FormDialog';
import {
  changeRequest,
  ChangeDraft,
  draftProblems,
  followFields,
  initialDraft,
  mutableParameters,
  storedSecrets,
} from './changeDraft';
import { ChangeSandboxForm } from './ChangeSandboxForm';
import { NoRoomMessage } from './NoRoomMessage';

export interface ChangeSandboxDialogProps {
  open: boolean;
  sandbox: SandboxDetails;
  onChanged: () => void;
  onClose: () => void;
}

type Refusal =
  | { kind: 'none' }
  | { kind: 'quota'; refusal: QuotaRefusal }
  | { kind: 'fields'; byField: Record<string, string>; other: string[] };

/**
 * Changes a running sandbox: its name, size, the parameters its template
 * lets change, the image of each component and the branch it follows. Sends
 * only what differs; the backend's refusals appear under the field they name.
 */
export function ChangeSandboxDialog(props: ChangeSandboxDialogProps) {
  const { open, sandbox, onClose } = props;
  const api = useSandboxesApi();
  const templates = useTemplates();
  const template = templates.value?.find(
    t => t.name === sandbox.template && t.cluster === sandbox.cluster,
  );
  const [draft, setDraft] = useState<ChangeDraft>();
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<Refusal>({ kind: 'none' });

  // Each opening starts from the sandbox as it is now.
  useEffect(() => {
    if (open && !templates.loading) {
      setDraft(initialDraft(sandbox, template));
      setRefusal({ kind: 'none' });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, templates.loading]);

  const problems = useMemo(
    () => (draft ? draftProblems(sandbox, draft, template) : {}),
    [sandbox, draft, template],
  );
  const request = draft && changeRequest(sandbox, template, draft);
  const nothingToChange = !request || Object.keys(request).length === 0;
  const knownFields = useMemo(
    () =>
      new Set([
        'displayName',
        'size',
        ...followFields('follow'),
        ...Object.keys(draft?.images ?? {}).flatMap(c => [
          `images.${c}`,
          ...followFields(`componentFollow.${c}`),
        ]),
        ...mutableParameters(template).map(p => `parameters.${p.name}`),
      ]),
    [draft?.images, template],
  );
  const serverErrors = refusal.kind === 'fields' ? refusal.byField : {};
  const errors = {
    ...withParameterLabels(serverErrors, template),
    ...problems,
  };

  const submit = async () => {
    if (!request || nothingToChange || Object.keys(problems).length > 0) return;
    setSending(true);
    setRefusal({ kind: 'none' });
    try {
      await api.updateSandbox(sandbox.name, request);
      props.onChanged();
      onClose();
    } catch (e) {
      const quota = asQuotaRefusal(e);
      setRefusal(
        quota
          ? { kind: 'quota', refusal: quota }
          : { kind: 'fields', ...fieldProblems(e, knownFields) },
      );
    } finally {
      setSending(false);
    }
  };

  let content;
  if (templates.loading || !draft) {
    content = <Progress />;
  } else {
    content = (
      <>
        {templates.error && (
          <ResponseErrorPanel
            title="Could not load the template; only the name, images and branch can be changed"
            error={templates.error}
          />
        )}
        <DialogContentText>
          Only what you change is rolled out: a new size or image restarts that
          component, a parameter restarts the components that read it.
        </DialogContentText>
        <ChangeSandboxForm
          template={template}
          storedSecrets={storedSecrets(sandbox, template)}
          draft={draft}
          errors={errors}
          onChange={d => {
            setDraft(d);
            if (refusal.kind === 'fields') setRefusal({ kind: 'none' });
          }}
        />
        {refusal.kind === 'quota' && (
          <NoRoomMessage refusal={refusal.refusal} />
        )}
        {refusal.kind === 'fields' && refusal.other.length > 0 && (
          <Alert severity="error" role="alert">
            The sandbox could not be changed: {refusal.other.join('; ')}
          </Alert>
        )}
      </>
    );
  }

  return (
    <FormDialog
      open={open}
      titleId="change-sandbox-title"
      title={`Change ${sandbox.displayName}`}
      sending={sending}
      onClose={onClose}
      submit={{
        label: sending ? 'Changing…' : 'Change',
        onClick: submit,
        disabled: nothingToChange || Object.keys(problems).length > 0,
      }}
    >
      {content}
    </FormDialog>
  );
}

/** "parameters.logLevel: must be one of…" reads "Log level must be one of…", as on create. */
function withParameterLabels(
  byField: Record<string, string>,
  template: SandboxTemplateInfo | undefined,
): Record<string, string> {
  const labels = new Map(
    mutableParameters(template).map(p => [
      `parameters.${p.name}`,
      p.title ?? p.name,
    ]),
  );
  return Object.fromEntries(
    Object.entries(byField).map(([field, message]) => [
      field,
      labels.has(field) ? `${labels.get(field)} ${message}` : message,
    ]),
  );
}
