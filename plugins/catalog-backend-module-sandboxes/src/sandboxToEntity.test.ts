import {
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  resourceEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { aSandbox } from './__testUtils__/sandboxes';
import { sandboxToEntity } from './sandboxToEntity';

const appBaseUrl = 'http://localhost:3000/';
const namespace = 'sandboxes';

describe('sandboxToEntity', () => {
  it('maps a sandbox to a Resource of type sandbox owned by its owner and a dependency of its entity', () => {
    const entity = sandboxToEntity(aSandbox(), { appBaseUrl, namespace });

    expect(entity).toMatchObject({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'payments-jane-1',
        // Its own namespace: a sandbox cannot take the ref of another entity.
        namespace: 'sandboxes',
        title: 'Payments demo for the Acme call',
        description:
          'Sandbox from the payments-api template for component:default/payments-api.',
        tags: ['sandbox'],
      },
      spec: {
        type: 'sandbox',
        owner: 'user:default/jane',
        dependencyOf: ['component:default/payments-api'],
      },
    });
  });

  it('annotates the entity so the Kubernetes plugin finds the workloads of the sandbox namespace', () => {
    const entity = sandboxToEntity(aSandbox(), { appBaseUrl, namespace });

    expect(entity.metadata.annotations).toMatchObject({
      'backstage.io/kubernetes-label-selector':
        'sandboxkit.dev/sandbox=payments-jane-1',
      'backstage.io/kubernetes-namespace': 'sbx-payments-jane-1',
      'backstage.io/managed-by-location': 'sandboxes:payments-jane-1',
      'backstage.io/managed-by-origin-location': 'sandboxes:payments-jane-1',
      'sandboxkit.dev/cluster': 'local',
      'sandboxkit.dev/template': 'payments-api',
      'sandboxkit.dev/expires-at': '2026-11-23T11:00:00Z',
    });
    expect(entity.metadata.labels).toEqual({
      'sandboxkit.dev/template': 'payments-api',
      'sandboxkit.dev/phase': 'Ready',
    });
  });

  it('links the portal page, the sandbox URL and every further endpoint', () => {
    const entity = sandboxToEntity(
      aSandbox({
        endpoints: [
          { name: 'api', url: 'http://payments-jane-1.sandboxes.localhost' },
          {
            name: 'webhook-sink',
            url: 'http://sink-payments-jane-1.sandboxes.localhost',
          },
        ],
      }),
      { appBaseUrl, namespace },
    );

    expect(entity.metadata.links).toEqual([
      {
        url: 'http://localhost:3000/sandboxes/payments-jane-1',
        title: 'Sandbox page',
        icon: 'dashboard',
        type: 'sandbox-page',
      },
      {
        url: 'http://payments-jane-1.sandboxes.localhost',
        title: 'Open the sandbox',
        icon: 'web',
        type: 'sandbox-url',
      },
      {
        url: 'http://sink-payments-jane-1.sandboxes.localhost',
        title: 'webhook-sink',
        icon: 'web',
        type: 'sandbox-endpoint',
      },
    ]);
  });

  it('leaves out what a sandbox that is still provisioning does not have yet', () => {
    const entity = sandboxToEntity(
      aSandbox({
        displayName: '',
        entityRef: undefined,
        namespace: undefined,
        url: undefined,
        endpoints: [],
        phase: 'Pending',
      }),
      { appBaseUrl, namespace },
    );

    expect(entity.metadata.title).toBe('payments-jane-1');
    expect(entity.spec.dependencyOf).toBeUndefined();
    expect(entity.metadata.annotations).not.toHaveProperty(
      'backstage.io/kubernetes-namespace',
    );
    expect(entity.metadata.links).toHaveLength(1);
    expect(entity.metadata.description).toBe(
      'Sandbox from the payments-api template.',
    );
  });

  it('produces an entity that passes the catalog validation of names, refs and the Resource kind', async () => {
    const entity = sandboxToEntity(aSandbox(), { appBaseUrl, namespace });
    const policy = EntityPolicies.allOf([
      new SchemaValidEntityPolicy(),
      new FieldFormatEntityPolicy(),
      new NoForeignRootFieldsEntityPolicy(),
    ]);

    await expect(policy.enforce(entity)).resolves.toEqual(entity);
    await expect(resourceEntityV1alpha1Validator.check(entity)).resolves.toBe(
      true,
    );
  });
});
