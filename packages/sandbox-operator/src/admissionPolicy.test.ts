import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import { Environment } from '@marcbachmann/cel-js';

/**
 * Evaluates the shipped ValidatingAdmissionPolicy (deploy/admission-policy.yaml;
 * check-deploy.ts checks the chart's is the same) with a CEL evaluator, the
 * way the API server applies it: a request that fails a matchCondition is not
 * checked; variables are evaluated in order and read as `variables.<name>`;
 * every validation must be true, else the request is denied with its
 * messageExpression. Inputs are named as on the server: `object`,
 * `oldObject` (null on CREATE / DELETE respectively), `request`,
 * `namespaceObject` (null for cluster-scoped resources).
 * https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
 * kube-sim stores the policy but does not enforce it; this is what checks its logic.
 */
const policy = parseAllDocuments(
  fs.readFileSync(
    path.resolve(__dirname, '..', 'deploy', 'admission-policy.yaml'),
    'utf8',
  ),
)
  .map(doc => doc.toJS())
  .find(o => o.kind === 'ValidatingAdmissionPolicy');

const env = new Environment({
  unlistedVariablesAreDyn: true,
  enableOptionalTypes: true,
});

const OPERATOR =
  'system:serviceaccount:sandbox-operator-system:sandbox-operator';
const MANAGED = { 'app.kubernetes.io/managed-by': 'sandbox-operator' };

interface Request {
  operation: 'CREATE' | 'UPDATE' | 'DELETE';
  username?: string;
  group: string;
  resource: string;
  namespace?: string;
  name: string;
  object?: { metadata: { labels?: Record<string, string> } } | null;
  oldObject?: { metadata: { labels?: Record<string, string> } } | null;
  namespaceLabels?: Record<string, string> | null;
}

/** 'allowed', or the message of the first validation that fails. */
function admit(r: Request): string {
  const context: Record<string, unknown> = {
    request: {
      operation: r.operation,
      userInfo: { username: r.username ?? OPERATOR },
      resource: { group: r.group, version: 'v1', resource: r.resource },
      namespace: r.namespace ?? '',
      name: r.name,
    },
    object: r.object ?? null,
    oldObject: r.oldObject ?? null,
    namespaceObject:
      r.namespaceLabels === undefined || r.namespaceLabels === null
        ? null
        : { metadata: { name: r.namespace, labels: r.namespaceLabels } },
  };
  for (const condition of policy.spec.matchConditions) {
    if (env.evaluate(condition.expression, context) !== true) return 'allowed';
  }
  const variables: Record<string, unknown> = {};
  context.variables = variables;
  for (const variable of policy.spec.variables) {
    variables[variable.name] = env.evaluate(variable.expression, context);
  }
  for (const validation of policy.spec.validations) {
    if (env.evaluate(validation.expression, context) !== true) {
      return String(env.evaluate(validation.messageExpression, context));
    }
  }
  return 'allowed';
}

const namespace = (
  operation: Request['operation'],
  name: string,
  labels: { old?: Record<string, string>; new?: Record<string, string> },
): Request => ({
  operation,
  group: '',
  resource: 'namespaces',
  name,
  namespace: name,
  object: operation === 'DELETE' ? null : { metadata: { labels: labels.new } },
  oldObject:
    operation === 'CREATE' ? null : { metadata: { labels: labels.old } },
});

describe('the admission policy confining the operator', () => {
  it('lets it create, change and delete the namespaces it labels as managed', () => {
    expect(admit(namespace('CREATE', 'sandbox-demo', { new: MANAGED }))).toBe(
      'allowed',
    );
    expect(
      admit(
        namespace('UPDATE', 'sandbox-demo', {
          old: MANAGED,
          new: { ...MANAGED, 'sandboxkit.dev/sandbox': 'demo' },
        }),
      ),
    ).toBe('allowed');
    expect(admit(namespace('DELETE', 'sandbox-demo', { old: MANAGED }))).toBe(
      'allowed',
    );
  });

  it('refuses to create an unlabelled namespace, adopt or relabel one, or delete one it does not manage', () => {
    const refusal =
      /only namespaces labelled app.kubernetes.io\/managed-by=sandbox-operator, and sandbox-operator-system is not/;
    expect(admit(namespace('CREATE', 'sandbox-operator-system', {}))).toMatch(
      refusal,
    );
    // Adopting: adding the label to a namespace someone else made.
    expect(
      admit(
        namespace('UPDATE', 'sandbox-operator-system', {
          old: { team: 'platform' },
          new: { team: 'platform', ...MANAGED },
        }),
      ),
    ).toMatch(refusal);
    // Giving one up: removing the label.
    expect(
      admit(
        namespace('UPDATE', 'sandbox-operator-system', {
          old: MANAGED,
          new: {},
        }),
      ),
    ).toMatch(refusal);
    expect(
      admit(namespace('DELETE', 'sandbox-operator-system', { old: {} })),
    ).toMatch(refusal);
    expect(admit(namespace('DELETE', 'kube-system', {}))).toMatch(
      /and kube-system is not/,
    );
  });

  it('lets it write namespaced objects only in managed namespaces', () => {
    const configMap = (ns: string, labels: Record<string, string> | null) =>
      admit({
        operation: 'CREATE',
        group: '',
        resource: 'configmaps',
        namespace: ns,
        name: 'sandbox-parameters',
        object: { metadata: {} },
        namespaceLabels: labels,
      });
    expect(configMap('sandbox-demo', MANAGED)).toBe('allowed');
    expect(configMap('default', {})).toBe(
      'the sandbox operator may write only in namespaces labelled app.kubernetes.io/managed-by=sandbox-operator, and default is not',
    );
    expect(
      admit({
        operation: 'DELETE',
        group: 'apps',
        resource: 'deployments',
        namespace: 'sandbox-operator-system',
        name: 'sandbox-operator',
        oldObject: { metadata: {} },
        namespaceLabels: { 'kubernetes.io/metadata.name': 'x' },
      }),
    ).toMatch(/and sandbox-operator-system is not/);
  });

  it('lets it make its dry-run namespace and check template objects there (dry runs pass admission like writes)', () => {
    expect(
      admit(namespace('CREATE', 'sandbox-operator-dry-run', { new: MANAGED })),
    ).toBe('allowed');
    expect(
      admit({
        operation: 'CREATE',
        group: 'apps',
        resource: 'deployments',
        namespace: 'sandbox-operator-dry-run',
        name: 'web',
        object: { metadata: {} },
        namespaceLabels: MANAGED,
      }),
    ).toBe('allowed');
  });

  it('leaves it its Lease, its Events in default and its cluster-scoped Sandboxes', () => {
    expect(
      admit({
        operation: 'UPDATE',
        group: 'coordination.k8s.io',
        resource: 'leases',
        namespace: 'sandbox-operator-system',
        name: 'sandbox-operator',
        object: { metadata: {} },
        oldObject: { metadata: {} },
        namespaceLabels: {},
      }),
    ).toBe('allowed');
    expect(
      admit({
        operation: 'CREATE',
        group: 'coordination.k8s.io',
        resource: 'leases',
        namespace: 'kube-system',
        name: 'sandbox-operator',
        object: { metadata: {} },
        namespaceLabels: {},
      }),
    ).toMatch(/and kube-system is not/);
    expect(
      admit({
        operation: 'CREATE',
        group: 'events.k8s.io',
        resource: 'events',
        namespace: 'default',
        name: 'demo.1',
        object: { metadata: {} },
        namespaceLabels: {},
      }),
    ).toBe('allowed');
    expect(
      admit({
        operation: 'UPDATE',
        group: 'sandboxkit.dev',
        resource: 'sandboxes',
        name: 'demo',
        object: { metadata: {} },
        oldObject: { metadata: {} },
        namespaceLabels: null,
      }),
    ).toBe('allowed');
  });

  it('does not apply to anyone but the operator', () => {
    expect(
      admit({
        ...namespace('DELETE', 'kube-system', {}),
        username: 'system:serviceaccount:kube-system:namespace-controller',
      }),
    ).toBe('allowed');
  });
});
