import {
  SandboxTemplateResource,
  TemplateParameter,
  TemplateResource,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { defaultOperatorConfig } from '../config';
import { demoTemplateFiles, readTemplates } from '../installCrds';
import { renderTemplateForCheck } from './renderTemplateForCheck';
import { TemplateError } from './TemplateError';

const demo = readTemplates(
  demoTemplateFiles().find(f => f.endsWith('payments-api.yaml'))!,
)[0] as unknown as SandboxTemplateResource;
const config = { ...defaultOperatorConfig, identity: 'test' };

/** The demo template with more parameters and resources. */
const demoWith = (
  parameters: TemplateParameter[],
  resources: TemplateResource[] = [],
): SandboxTemplateResource => ({
  ...demo,
  spec: {
    ...demo.spec,
    parameters: [...demo.spec.parameters!, ...parameters],
    resources: [...demo.spec.resources, ...resources],
  },
});

const find = (
  rendered: ReturnType<typeof renderTemplateForCheck>,
  kind: string,
  name: string,
) =>
  rendered.filter(
    r => r.object.kind === kind && r.object.metadata.name === name,
  );

describe('renderTemplateForCheck', () => {
  it('renders every size, an object equal across sizes once, each naming its template field', () => {
    const rendered = renderTemplateForCheck(demo, config);
    const all = ['small', 'medium', 'large'];
    expect(find(rendered, 'Service', 'payments-api')).toEqual([
      expect.objectContaining({
        source: 'spec.resources[payments-api-service]',
        sizes: all,
      }),
    ]);
    // Replicas and resources differ per size: one object each.
    expect(
      find(rendered, 'Deployment', 'payments-api').map(r => r.sizes),
    ).toEqual([['small'], ['medium'], ['large']]);
    expect(find(rendered, 'Ingress', 'endpoint-api')[0].source).toBe(
      'spec.endpoints[api]',
    );
    expect(find(rendered, 'Job', 'seed-0')[0].source).toBe('spec.seed.jobSpec');
    expect(find(rendered, 'ResourceQuota', 'sandbox-quota')[0].source).toBe(
      'spec.resourceQuota',
    );
    // The generated credentials are the operator's, not the template's; the
    // Secret of secret parameters is checked, without a value (the demo's
    // one is optional).
    expect(
      rendered
        .filter(r => r.object.kind === 'Secret')
        .map(r => [r.object.metadata.name, r.source, r.object.data]),
    ).toEqual([['sandbox-parameters', 'spec.parameters', {}]]);
  });

  it('renders a required secret parameter into the Secret sandbox-parameters only', () => {
    const template = demoWith([
      { name: 'apiKey', type: 'string', required: true, secret: true },
    ]);
    const rendered = renderTemplateForCheck(template, config);
    const [secret] = find(rendered, 'Secret', 'sandbox-parameters');
    expect(secret.object.data).toEqual({
      apiKey: Buffer.from('example').toString('base64'),
    });
    const [plain] = find(rendered, 'ConfigMap', 'sandbox-parameters');
    expect(plain.object.data).not.toHaveProperty('apiKey');
  });

  it('gives required parameters without default a value their rules accept', () => {
    const template = demoWith(
      [
        { name: 'team', type: 'string', required: true, pattern: '[a-z]+' },
        { name: 'port', type: 'number', required: true, minimum: 1024 },
        // No candidate fits: rendered empty, its placeholders still known.
        { name: 'code', type: 'string', required: true, pattern: 'X{3}' },
      ],
      [
        {
          name: 'extra',
          template: {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'extra' },
            data: {
              TEAM: '${{ parameters.team }}',
              PORT: '${{ parameters.port | string }}',
              CODE: '${{ parameters.code }}',
            },
          },
        },
      ],
    );
    const [extra] = find(
      renderTemplateForCheck(template, config),
      'ConfigMap',
      'extra',
    );
    expect(extra.object.data).toEqual({
      TEAM: 'example',
      PORT: '1024',
      CODE: '',
    });
  });

  it('refuses a default size that is not offered', () => {
    const template = {
      ...demo,
      spec: { ...demo.spec, defaultSize: 'huge' },
    };
    expect(() => renderTemplateForCheck(template, config)).toThrow(
      new TemplateError(
        'UnknownSize',
        'spec.defaultSize: "huge" is not one of the sizes (small, medium, large).',
      ),
    );
  });
});
