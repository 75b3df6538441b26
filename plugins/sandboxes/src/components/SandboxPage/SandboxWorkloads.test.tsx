import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { kubernetesApiRef } from '@backstage/plugin-kubernetes-react';
import { aSandbox } from '../../__testUtils__/fixtures';
import { SandboxWorkloads } from './SandboxWorkloads';

describe('SandboxWorkloads', () => {
  it('waits for the catalog to list the sandbox instead of asking the Kubernetes backend too early', async () => {
    const kubernetesApi = { getObjectsByEntity: jest.fn() };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [catalogApiRef, catalogApiMock({ entities: [] })],
          [kubernetesApiRef, kubernetesApi],
        ]}
      >
        <SandboxWorkloads sandbox={aSandbox({ name: 'demo' })} />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(/as soon as the catalog lists this sandbox/),
    ).toBeInTheDocument();
    expect(kubernetesApi.getObjectsByEntity).not.toHaveBeenCalled();
  });

  it('explains how to see the pods when the Kubernetes plugin is not installed', async () => {
    await renderInTestApp(
      <SandboxWorkloads
        sandbox={aSandbox({ name: 'demo', namespace: 'sandbox-demo' })}
      />,
    );
    expect(
      screen.getByText(/kubectl -n sandbox-demo get pods/),
    ).toBeInTheDocument();
  });
});
