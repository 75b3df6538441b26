import { useState } from 'react';
import { EmptyState, InfoCard } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import { SANDBOX_TEMPLATE_ANNOTATION } from '../../annotations';
import { NewSandboxButton } from '../NewSandboxButton';
import { SandboxList } from '../SandboxList';

/** The entity's "Sandboxes" tab: its sandboxes and a prefilled create. */
export function EntitySandboxesContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const template = entity.metadata.annotations?.[SANDBOX_TEMPLATE_ANNOTATION];
  const [reloadKey, setReloadKey] = useState(0);

  return (
    <InfoCard
      title="Sandboxes"
      subheader={`Short-lived copies of ${
        entity.metadata.title ?? entity.metadata.name
      }`}
      action={
        <Box m={1}>
          <NewSandboxButton
            initialTemplate={template}
            entityRef={entityRef}
            onCreated={() => setReloadKey(k => k + 1)}
          />
        </Box>
      }
    >
      <SandboxList
        scope={{ entityRef }}
        hiddenColumns={['entity']}
        reloadKey={reloadKey}
        emptyState={
          <EmptyState
            missing="data"
            title="No sandboxes for this yet"
            description={
              template
                ? 'Press “New sandbox” to start your own copy, ready in a minute.'
                : `Press “New sandbox” to start one. To preselect a template here, add the annotation ${SANDBOX_TEMPLATE_ANNOTATION} to this entity.`
            }
          />
        }
      />
    </InfoCard>
  );
}
