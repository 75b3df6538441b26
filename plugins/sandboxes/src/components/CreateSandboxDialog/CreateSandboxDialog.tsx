import { useCallback, useState } from 'react';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Alert from '@material-ui/lab/Alert';
import { SandboxDetails } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { useSandboxesApi } from '../../hooks/useSandboxesApi';
import { useTemplates } from '../../hooks/useTemplates';
import { asQuotaRefusal, QuotaRefusal } from '../../lib/quota';
import { ParameterValue } from '../../lib/parameters';
import { FormDialog } from '../FormDialog';
import { CreateSandboxForm } from './CreateSandboxForm';
import { CreationProgress } from './CreationProgress';
import { QuotaRefusalMessage } from './QuotaRefusalMessage';
import { CreateSandboxRequestDraft } from './types';

export interface CreateSandboxDialogProps {
  open: boolean;
  onClose: () => void;
  /** Template to preselect (from the entity's annotation). */
  initialTemplate?: string;
  initialParameters?: Record<string, ParameterValue>;
  /** Catalog entity the new sandbox belongs to. */
  entityRef?: string;
  onCreated?: (sandbox: SandboxDetails) => void;
}

type Outcome =
  | { kind: 'none' }
  | { kind: 'quota'; refusal: QuotaRefusal }
  | { kind: 'error'; error: Error };

/** Start a sandbox: pick a template, fill its form, then watch it start. */
export function CreateSandboxDialog(props: CreateSandboxDialogProps) {
  const { open, onClose } = props;
  const api = useSandboxesApi();
  const templates = useTemplates();
  const [draft, setDraft] = useState<CreateSandboxRequestDraft>({
    valid: false,
    missingTemplate: true,
  });
  const [submitted, setSubmitted] = useState(false);
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const [created, setCreated] = useState<SandboxDetails>();
  const onDraftChange = useCallback(
    (d: CreateSandboxRequestDraft) => setDraft(d),
    [],
  );

  const close = () => {
    setSubmitted(false);
    setOutcome({ kind: 'none' });
    setCreated(undefined);
    onClose();
  };

  const create = async () => {
    setSubmitted(true);
    if (!draft.valid || draft.missingTemplate) return;
    setSending(true);
    setOutcome({ kind: 'none' });
    try {
      const sandbox = await api.createSandbox({
        ...draft.request,
        entityRef: props.entityRef,
      });
      setCreated(sandbox);
      props.onCreated?.(sandbox);
    } catch (e) {
      const refusal = asQuotaRefusal(e);
      setOutcome(
        refusal
          ? { kind: 'quota', refusal }
          : {
              kind: 'error',
              error: e instanceof Error ? e : new Error(String(e)),
            },
      );
    } finally {
      setSending(false);
    }
  };

  let content;
  if (created) {
    content = <CreationProgress name={created.name} />;
  } else if (templates.loading) {
    content = <Progress />;
  } else if (templates.error) {
    content = (
      <ResponseErrorPanel
        title="Could not load the templates"
        error={templates.error}
      />
    );
  } else if (!templates.value?.length) {
    content = (
      <EmptyState
        missing="data"
        title="No templates yet"
        description="Sandboxes are started from templates your platform team publishes. There are none yet."
      />
    );
  } else {
    content = (
      <>
        <CreateSandboxForm
          templates={templates.value}
          initialTemplate={props.initialTemplate}
          initialParameters={props.initialParameters}
          showAllErrors={submitted}
          onChange={onDraftChange}
        />
        {submitted && !draft.valid && !('unusable' in draft) && (
          <Alert severity="error" role="alert">
            Some fields need attention before the sandbox can be created.
          </Alert>
        )}
        {outcome.kind === 'quota' && (
          <QuotaRefusalMessage refusal={outcome.refusal} />
        )}
        {outcome.kind === 'error' && (
          <Alert severity="error" role="alert">
            The sandbox could not be created: {outcome.error.message}
          </Alert>
        )}
      </>
    );
  }

  return (
    <FormDialog
      open={open}
      titleId="create-sandbox-title"
      title={created ? 'Creating your sandbox' : 'New sandbox'}
      sending={sending}
      onClose={close}
      cancelLabel={created ? 'Close' : 'Cancel'}
      submit={
        !created && templates.value?.length
          ? {
              label: sending ? 'Creating…' : 'Create',
              onClick: create,
              disabled: 'unusable' in draft,
            }
          : undefined
      }
    >
      {content}
    </FormDialog>
  );
}
