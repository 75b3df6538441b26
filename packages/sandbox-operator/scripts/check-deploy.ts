/**
 * Checks what a cluster admin installs, as the test command runs it:
 *
 * - the Helm chart rendered by scripts/helm-template (Go text/template with
 *   sprig and Helm's own functions: Helm's engine, there being no helm
 *   binary to install) with its default values and every values file in the
 *   chart's ci/ folder, and `kubectl kustomize deploy/`;
 * - every rendered object checked against the real Kubernetes schemas
 *   (kubernetes-models, generated from the official OpenAPI documents of
 *   1.30+; prometheus-operator's for the ServiceMonitor) and created on
 *   kube-sim through kubectl with a server-side dry run and strict field
 *   validation (the CRDs, the release namespace and the demo template's CRD
 *   for real first, as Helm would);
 * - what each value set promises (PodDisruptionBudget and spread with more
 *   than one replica, TLS flags, ServiceMonitor, probes on the metrics port),
 *   and that the chart's RBAC and admission policy are the manifests'.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs scripts/check-deploy.ts [--results FILE]
 *
 * Prints "ok: …" or "FAILED: …" per check; --results gets {passed, failed}.
 */
import { execFile } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { promisify } from 'util';
import { parseAllDocuments } from 'yaml';
import { startKubeSim } from '@sandboxkit/kube-sim';
import { CheckReport } from './checkReport';

const run = promisify(execFile);
const packageDir = path.resolve(__dirname, '..');
const repoRoot = path.resolve(packageDir, '../..');
const chartDir = path.join(packageDir, 'deploy/helm/sandbox-operator');
const releaseNamespace = 'sandbox-operator-system';
/** ci/tls-secret-values.yaml stages secret parameters in a namespace of their own. */
const secretParametersNamespace = 'sandbox-secret-parameters';

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: object };
  [key: string]: any;
}

const report = new CheckReport();
const check = (name: string, problems: string[]) =>
  report.check(name, () => problems);

function parseObjects(yamlText: string): K8sObject[] {
  return parseAllDocuments(yamlText)
    .map(doc => {
      if (doc.errors.length > 0) throw doc.errors[0];
      return doc.toJS() as K8sObject;
    })
    .filter(Boolean);
}

/** Builds scripts/helm-template with Debian's Go and sprig (GOPATH mode: no module proxy here). */
async function buildRenderer(): Promise<string> {
  const binary = path.join(repoRoot, '.local/bin/helm-template');
  await run(
    'go',
    [
      'build',
      '-o',
      binary,
      './packages/sandbox-operator/scripts/helm-template',
    ],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        GO111MODULE: 'off',
        GOPATH: '/usr/share/gocode',
        GOCACHE: path.join(repoRoot, '.local/go-cache'),
      },
    },
  );
  return binary;
}

/** Validates against the published Kubernetes (and prometheus-operator) schemas. */
async function schemaProblems(object: K8sObject): Promise<string[]> {
  const modulePath =
    object.apiVersion === 'monitoring.coreos.com/v1'
      ? '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1'
      : `kubernetes-models/${object.apiVersion}`;
  if (object.apiVersion.startsWith('sandboxkit.dev/')) return []; // kube-sim checks it against our CRD
  let models: Record<string, new (o: object) => { validate(): void }>;
  try {
    models = await import(modulePath);
  } catch {
    return [
      `${object.kind} ${object.metadata.name}: no schema for ${object.apiVersion}`,
    ];
  }
  const Model = models[object.kind];
  if (!Model) return [`${object.apiVersion} has no kind ${object.kind}`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [
      `${object.kind} ${object.metadata.name}: ${(error as Error).message}`,
    ];
  }
}

/** JSON with keys sorted at every level, to compare objects as data. */
/**
 * The operator reads staged secret parameters in `namespace` only: the
 * flag names it, and the one Role granting Secrets (list, watch) is there,
 * bound to the operator's ServiceAccount in the release namespace.
 */
function secretParametersProblems(
  objects: K8sObject[],
  namespace: string,
): string[] {
  const problems: string[] = [];
  const deployment = objects.find(o => o.kind === 'Deployment');
  const args: string[] = deployment?.spec.template.spec.containers[0].args;
  if (!args.includes(`--secret-parameters-namespace=${namespace}`))
    problems.push(`no --secret-parameters-namespace=${namespace}`);
  const roles = objects.filter(
    o =>
      o.kind === 'Role' &&
      o.rules.some((r: any) => r.resources.includes('secrets')),
  );
  if (
    roles.length !== 1 ||
    roles[0].metadata.namespace !== namespace ||
    JSON.stringify(roles[0].rules) !==
      JSON.stringify([
        { apiGroups: [''], resources: ['secrets'], verbs: ['list', 'watch'] },
      ])
  )
    problems.push(`the Role reading Secrets is not list/watch in ${namespace}`);
  const binding = objects.find(
    o => o.kind === 'RoleBinding' && o.roleRef.name === roles[0]?.metadata.name,
  );
  if (
    binding?.metadata.namespace !== namespace ||
    binding.subjects[0].namespace !== releaseNamespace
  )
    problems.push(
      `the Role is not bound in ${namespace} to the operator of ${releaseNamespace}`,
    );
  return problems;
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'check-deploy-'));
  const sim = await startKubeSim({ port: 0 });
  const kubeconfig = path.join(work, 'kubeconfig');
  fs.writeFileSync(kubeconfig, sim.kubeConfigYaml());
  const kubectl = (args: string[], input?: string) =>
    new Promise<{ code: number; out: string }>(resolve => {
      const child = execFile(
        'kubectl',
        ['--kubeconfig', kubeconfig, ...args],
        (error, stdout, stderr) =>
          resolve({
            code: error ? (error.code as number) ?? 1 : 0,
            out: `${stdout}${stderr}`,
          }),
      );
      if (input !== undefined) child.stdin!.end(input);
    });

  try {
    const renderer = await buildRenderer();
    const render = async (valuesFile?: string) => {
      const { stdout } = await run(renderer, [
        '-namespace',
        releaseNamespace,
        '-name',
        'sandbox-operator',
        '-include-crds',
        ...(valuesFile ? ['-f', valuesFile] : []),
        chartDir,
      ]);
      return parseObjects(stdout);
    };

    // What Helm installs before the templates: the CRDs and the namespace.
    const crds = await kubectl([
      'apply',
      '--server-side',
      '-f',
      path.join(packageDir, 'deploy/crds'),
    ]);
    const ns = await kubectl(['create', 'namespace', releaseNamespace]);
    // Created by the admin before installing, as the chart does not.
    const stagingNs = await kubectl([
      'create',
      'namespace',
      secretParametersNamespace,
    ]);
    await kubectl([
      'wait',
      '--for=condition=Established',
      'crd/sandboxes.sandboxkit.dev',
      'crd/sandboxtemplates.sandboxkit.dev',
    ]);
    await check('CRDs from deploy/crds install on kube-sim', [
      ...(crds.code ? [crds.out] : []),
      ...(ns.code ? [ns.out] : []),
      ...(stagingNs.code ? [stagingNs.out] : []),
    ]);

    /** Schema check of each object, then a strict server-side dry run of all. */
    const validate = async (name: string, objects: K8sObject[]) => {
      const problems: string[] = [];
      for (const object of objects)
        problems.push(...(await schemaProblems(object)));
      // ServiceMonitor's CRD is prometheus-operator's and not on kube-sim.
      const toServer = objects.filter(
        o =>
          o.kind !== 'CustomResourceDefinition' &&
          o.kind !== 'Namespace' &&
          o.apiVersion !== 'monitoring.coreos.com/v1',
      );
      const created = await kubectl(
        [
          'create',
          '--dry-run=server',
          '--validate=strict',
          '-o',
          'name',
          '-f',
          '-',
        ],
        toServer.map(o => `---\n${JSON.stringify(o)}\n`).join(''),
      );
      if (created.code !== 0) {
        // kubectl prints the names it created and an error line per refusal.
        const refusals = created.out
          .split('\n')
          .filter(line => /^error/i.test(line));
        problems.push(...(refusals.length ? refusals : [created.out.trim()]));
      } else {
        const names = created.out.trim().split('\n').length;
        if (names !== toServer.length)
          problems.push(
            `dry run answered ${names} of ${toServer.length} objects`,
          );
      }
      await check(
        `${name}: ${objects.length} objects valid (schemas; kube-sim strict dry run)`,
        problems,
      );
    };

    const byKind = (objects: K8sObject[], kind: string) =>
      objects.filter(o => o.kind === kind);
    const container = (objects: K8sObject[]) =>
      byKind(objects, 'Deployment')[0]?.spec.template.spec.containers[0];

    const defaults = await render();
    await validate('chart, default values', defaults);
    {
      const problems: string[] = [];
      const deployment = byKind(defaults, 'Deployment')[0];
      const c = container(defaults);
      if (deployment.spec.replicas !== 2) problems.push('replicas is not 2');
      if (byKind(defaults, 'PodDisruptionBudget').length !== 1)
        problems.push('no PodDisruptionBudget');
      if (!deployment.spec.template.spec.topologySpreadConstraints)
        problems.push('no topology spread');
      if (
        byKind(defaults, 'ValidatingAdmissionPolicy').length !== 1 ||
        byKind(defaults, 'ValidatingAdmissionPolicyBinding').length !== 1
      )
        problems.push('no admission policy and binding');
      if (c.image !== 'ghcr.io/sandboxkit/sandbox-operator:0.1.0')
        problems.push(`image ${c.image}`);
      const metricsPort = c.ports.find((p: any) => p.name === 'metrics');
      if (
        metricsPort?.containerPort !== 8080 ||
        c.livenessProbe.httpGet.port !== 'metrics' ||
        c.readinessProbe.httpGet.port !== 'metrics'
      )
        problems.push('probes are not on the metrics port');
      const waker = byKind(defaults, 'Service').find(
        s => s.metadata.name === 'sandbox-waker',
      );
      if (
        !c.args.includes('--waker-port=8081') ||
        !c.args.includes(
          `--waker-host=sandbox-waker.${releaseNamespace}.svc.cluster.local`,
        ) ||
        c.ports.find((p: any) => p.name === 'waker')?.containerPort !== 8081 ||
        waker?.spec.ports[0].targetPort !== 'waker'
      )
        problems.push(
          'the waker is not served on 8081 behind Service sandbox-waker',
        );
      if (
        c.args.some(
          (a: string) =>
            a.startsWith('--tls') || a.startsWith('--cert-manager'),
        )
      )
        problems.push('TLS flags with urlScheme http');
      if (byKind(defaults, 'CustomResourceDefinition').length !== 2)
        problems.push('the CRDs are not in the chart');
      problems.push(...secretParametersProblems(defaults, releaseNamespace));
      await check(
        'chart, default values: 2 replicas with PDB and spread, admission policy, probes on the metrics port, the waker behind its Service, staged secret parameters read in the release namespace',
        problems,
      );
    }

    await report.check(
      'chart refuses values outside values.schema.json, naming each field',
      async () => {
        const bad = path.join(work, 'bad-values.yaml');
        fs.writeFileSync(
          bad,
          'urlScheme: ftp\nreplicas: 3\nmetrics:\n  port: 80800\n',
        );
        const refused = await run(renderer, ['-f', bad, chartDir]).then(
          () => undefined,
          (error: { stderr: string }) => error.stderr,
        );
        if (refused === undefined) return ['rendered'];
        return ['urlScheme', 'replicas', 'metrics.port']
          .filter(field => !refused.includes(field))
          .map(field => `the refusal does not name ${field}: ${refused}`);
      },
    );

    const valuesDir = path.join(chartDir, 'ci');
    const expectations: Record<string, (objects: K8sObject[]) => string[]> = {
      'single-replica-values.yaml': objects => [
        ...(byKind(objects, 'PodDisruptionBudget').length
          ? ['a PDB with one replica']
          : []),
        ...(byKind(objects, 'Deployment')[0].spec.template.spec
          .topologySpreadConstraints
          ? ['a topology spread with one replica']
          : []),
        ...(!container(objects).args.includes('--waker-port=off') ||
        byKind(objects, 'Service').some(
          s => s.metadata.name === 'sandbox-waker',
        )
          ? ['the waker is not off']
          : []),
        ...(byKind(objects, 'SandboxTemplate').length !== 1
          ? ['no demo template']
          : []),
      ],
      'tls-cert-manager-values.yaml': objects => {
        const args: string[] = container(objects).args;
        const want = [
          '--url-scheme=https',
          '--cert-manager-issuer=letsencrypt',
          '--cert-manager-issuer-kind=ClusterIssuer',
          '--metrics-bind-address=::',
          '--ingress-class=nginx',
        ];
        return [
          ...want.filter(a => !args.includes(a)).map(a => `missing ${a}`),
          ...(byKind(objects, 'ServiceMonitor').length !== 1
            ? ['no ServiceMonitor']
            : []),
          ...(byKind(objects, 'PodDisruptionBudget').length !== 1
            ? ['no PDB with 3 replicas']
            : []),
        ];
      },
      'tls-secret-values.yaml': objects => {
        const c = container(objects);
        return [
          ...[
            '--pod-security-level=restricted',
            '--reserved-namespaces=platform,team-*',
            '--ingress-peers=[{"ipBlock":{"cidr":"10.0.0.0/16"}}]',
          ]
            .filter(a => !c.args.includes(a))
            .map(a => `missing ${a}`),
          ...(!c.args.includes('--tls-secret=sandboxes-wildcard-tls')
            ? ['missing --tls-secret']
            : []),
          ...(!c.image.includes('@sha256:')
            ? [`image not pinned by digest: ${c.image}`]
            : []),
          ...secretParametersProblems(objects, secretParametersNamespace),
        ];
      },
    };
    for (const file of fs.readdirSync(valuesDir).sort()) {
      const objects = await render(path.join(valuesDir, file));
      await validate(`chart, ci/${file}`, objects);
      await check(
        `chart, ci/${file}: renders what the values ask for`,
        expectations[file]?.(objects) ?? [
          `no expectations written for ci/${file}`,
        ],
      );
    }

    const kustomized = await kubectl([
      'kustomize',
      path.join(packageDir, 'deploy'),
    ]);
    const manifests = kustomized.code === 0 ? parseObjects(kustomized.out) : [];
    await check(
      'kubectl kustomize deploy/ builds',
      kustomized.code ? [kustomized.out] : [],
    );
    if (manifests.length > 0) {
      await validate('kubectl kustomize deploy/', manifests);
      // The chart with default values and the manifests grant the same.
      const policy = (objects: K8sObject[]) =>
        objects
          .filter(o =>
            /Role|AdmissionPolicy|ServiceAccount|CustomResourceDefinition/.test(
              o.kind,
            ),
          )
          .map(({ metadata: { labels, ...metadata }, ...rest }) =>
            canonicalJson({ ...rest, metadata }),
          )
          .sort();
      const fromChart = policy(defaults);
      const fromManifests = policy(manifests);
      await check(
        'chart (default values) and deploy/ have the same RBAC, admission policy and CRDs',
        [
          ...fromChart
            .filter(o => !fromManifests.includes(o))
            .map(o => `only in the chart: ${o.slice(0, 160)}`),
          ...fromManifests
            .filter(o => !fromChart.includes(o))
            .map(o => `only in deploy/: ${o.slice(0, 160)}`),
        ],
      );
    }
  } catch (error) {
    await check('deploy checks ran', [
      String((error as Error)?.stack ?? error),
    ]);
  } finally {
    await sim.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
  report.finish('deploy checks');
}

main();
