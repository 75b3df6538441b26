import { aSandbox } from '../../__testUtils__/fixtures';
import { sandboxAsEntity } from './SandboxWorkloads';

describe('sandboxAsEntity', () => {
  it('points the Kubernetes plugin at the sandbox namespace and its labelled workloads', () => {
    const entity = sandboxAsEntity(
      aSandbox({ name: 'demo', namespace: 'sandbox-demo' }),
    );
    expect(entity.kind).toBe('Resource');
    expect(entity.metadata.name).toBe('demo');
    expect(entity.metadata.annotations).toEqual({
      'backstage.io/kubernetes-label-selector':
        'sandboxes.backstage.io/sandbox=demo',
      'backstage.io/kubernetes-namespace': 'sandbox-demo',
    });
  });
});
