import type { SandboxActivity } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { readClusterObject } from './clusterObjects';
import { expect } from './expect';
import { E2eTest, signInAsGuest } from './harness';
import { PortalApi, waitUntil } from './portalApi';
import {
  dialog,
  READY_TIMEOUT_MS,
  TRANSITION_TIMEOUT_MS,
} from './sandboxes.e2e';

const DISPLAY_NAME = 'E2E change demo';

interface Deployment {
  metadata: { generation: number };
  spec: {
    replicas: number;
    template: {
      spec: {
        containers: Array<{
          resources?: { requests?: { cpu?: string; memory?: string } };
        }>;
      };
    };
  };
  status?: { observedGeneration?: number };
}

function readDeployment(
  kubeSimUrl: string,
  namespace: string,
  name: string,
): Promise<Deployment> {
  return readClusterObject<Deployment>(
    kubeSimUrl,
    `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`,
  );
}

/**
 * A size change through the sandbox page's "Change…" dialog lands: the
 * operator rolls the new size out to the payments-api Deployment (replicas
 * and requests of the template's "medium", observed by its controller) and
 * leaves webhook-sink, whose size is the same, untouched; the page shows the
 * new size and the activity log says what changed.
 */
export const changeTests: E2eTest[] = [
  {
    name: "a sandbox's size is changed through the Change dialog and rolled out",
    async run({ page, stack, screenshot }) {
      const api = await PortalApi.signInAsGuest(stack.backendUrl);
      const sandbox = await api.createReadySandbox(DISPLAY_NAME);
      const namespace = sandbox.namespace!;
      const sinkBefore = await readDeployment(
        stack.kubeSimUrl,
        namespace,
        'webhook-sink',
      );

      await signInAsGuest(page, stack.appUrl);
      await page.goto(`${stack.appUrl}/sandboxes/${sandbox.name}`);
      await page.getByRole('button', { name: 'Change…' }).click();
      const change = dialog(page, `Change ${DISPLAY_NAME}`);
      await change.getByRole('radio', { name: /^medium/ }).check();
      await screenshot('change-dialog-medium');
      await change.getByRole('button', { name: 'Change', exact: true }).click();
      await change.waitFor({ state: 'hidden', timeout: TRANSITION_TIMEOUT_MS });

      const rolled = await waitUntil(
        'payments-api to run the medium size, observed by its controller',
        READY_TIMEOUT_MS,
        async () => {
          const d = await readDeployment(
            stack.kubeSimUrl,
            namespace,
            'payments-api',
          );
          const requests =
            d.spec.template.spec.containers[0].resources?.requests;
          return d.spec.replicas === 2 &&
            requests?.cpu === '250m' &&
            requests?.memory === '256Mi' &&
            d.status?.observedGeneration === d.metadata.generation
            ? d
            : undefined;
        },
      );
      expect(String(rolled.spec.replicas), 'payments-api replicas').toMatch(
        /^2$/,
      );
      const sinkAfter = await readDeployment(
        stack.kubeSimUrl,
        namespace,
        'webhook-sink',
      );
      expect(
        String(sinkAfter.metadata.generation),
        'webhook-sink generation (its size did not change)',
      ).toMatch(new RegExp(`^${sinkBefore.metadata.generation}$`));

      // The page: the activity entry, and the size in the engineer details.
      await page
        .getByRole('list', { name: 'Activity' })
        .getByText('Changed size small → medium')
        .waitFor({ timeout: TRANSITION_TIMEOUT_MS });
      await page.getByRole('button', { name: 'Details for engineers' }).click();
      const facts = page.getByRole('table', { name: 'Sandbox facts' });
      await facts
        .getByRole('row', { name: /Size\s*medium/ })
        .waitFor({ timeout: TRANSITION_TIMEOUT_MS });
      await screenshot('change-landed');

      const activity = await api.get<{ items: SandboxActivity[] }>(
        `/api/sandboxes/sandboxes/${sandbox.name}/activity`,
      );
      const changed = activity?.items.find(a => a.type === 'changed');
      expect(changed?.actor ?? '', 'who changed it').toMatch(
        /^user:[a-z]+\/guest$/,
      );
      await api.deleteSandbox(sandbox.name);
    },
  },
];
