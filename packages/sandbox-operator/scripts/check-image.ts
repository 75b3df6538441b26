/**
 * Builds the operator's image from Containerfile with buildah (no daemon:
 * vfs storage under .local/buildah, chroot isolation) on a stand-in base
 * assembled from the npm registry's Node 22 and Debian's libraries
 * (scripts/image/standin-base.sh), then runs the image against kube-sim on
 * loopback (buildah run shares the host's network) and checks what a
 * cluster would see: the operator from the image takes the Lease,
 * reconciles a Sandbox to Ready with https Ingresses carrying a tls block,
 * serves /metrics and /readyz, and releases the Lease on SIGTERM.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs scripts/check-image.ts [--results FILE]
 *
 * Needs root and Debian's buildah. Prints "ok: …" / "FAILED: …" per check,
 * the image's size, and writes {passed, failed, imageBytes} to --results.
 */
import { ChildProcess, execFile, spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { promisify } from 'util';
import { startKubeSim } from '@sandboxkit/kube-sim';
import { installCrds } from '../src/installCrds';
import { resourceType } from '../src/kube/resources';
import {
  clientFor,
  demoSandbox,
  SANDBOX,
  waitFor,
} from '../src/__testUtils__/testUtils';
import { buildOperatorBundle } from './bundle';
import { CheckReport } from './checkReport';

const run = promisify(execFile);
const packageDir = path.resolve(__dirname, '..');
const repoRoot = path.resolve(packageDir, '../..');
const storage = path.join(repoRoot, '.local/buildah');
const storageFlags = [
  '--storage-driver',
  'vfs',
  '--root',
  path.join(storage, 'root'),
  '--runroot',
  path.join(storage, 'run'),
];
const buildah = (args: string[]) =>
  run('buildah', [...storageFlags, ...args], { maxBuffer: 16 * 1024 * 1024 });
const BASE = 'localhost/node22-standin:latest';
const IMAGE = 'localhost/sandbox-operator:test';
const IDENTITY = 'operator-from-image';

const report = new CheckReport();
const check = report.check.bind(report);

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'check-image-'));
  let imageBytes = 0;
  let operator: ChildProcess | undefined;
  let container: string | undefined;
  const sim = await startKubeSim({ port: 0, kubeletDelayMs: 20 });
  const kubeConfigYaml = sim.kubeConfigYaml();
  const client = clientFor(kubeConfigYaml);

  try {
    const built = await check(
      'image builds from Containerfile on the stand-in base (buildah, no daemon)',
      async () => {
        buildOperatorBundle(
          path.join(packageDir, 'src/main.ts'),
          path.join(packageDir, 'dist/sandbox-operator.cjs'),
        );
        await run(
          path.join(packageDir, 'scripts/image/standin-base.sh'),
          [process.execPath, BASE],
          {
            env: {
              ...process.env,
              BUILDAH_FLAGS: storageFlags.join(' '),
            },
          },
        );
        await buildah([
          'build',
          '--quiet',
          '--isolation',
          'chroot',
          '--pull=never',
          '--build-arg',
          `BASE_IMAGE=${BASE}`,
          '--build-arg',
          'VERSION=0.1.0',
          '-f',
          path.join(packageDir, 'Containerfile'),
          '-t',
          IMAGE,
          packageDir,
        ]);
        const { stdout } = await buildah([
          'images',
          '--format',
          '{{.Size}}',
          IMAGE,
        ]);
        process.stdout.write(`    image size: ${stdout.trim()}\n`);
        const sizes = await buildah(['images', '--json', IMAGE]);
        imageBytes = JSON.parse(sizes.stdout)[0]?.size ?? 0;
      },
    );
    if (!built) return;

    const inspected = JSON.parse(
      (await buildah(['inspect', '--type', 'image', IMAGE])).stdout,
    );
    const config = inspected.OCIv1.config;
    await check(
      'image runs as a numeric non-root user, carries OCI labels, has no shell',
      async () => {
        const problems: string[] = [];
        if (config.User !== '65532:65532') problems.push(`user ${config.User}`);
        for (const label of ['source', 'version', 'licenses']) {
          if (!config.Labels?.[`org.opencontainers.image.${label}`]) {
            problems.push(`no org.opencontainers.image.${label} label`);
          }
        }
        if (
          config.Labels?.['org.opencontainers.image.licenses'] !== 'Apache-2.0'
        )
          problems.push('licenses label is not Apache-2.0');
        const probe = await buildah(['from', '--pull-never', IMAGE]);
        const probeContainer = probe.stdout.trim();
        try {
          const mount = (
            await buildah(['mount', probeContainer])
          ).stdout.trim();
          for (const shell of [
            'bin/sh',
            'bin/bash',
            'usr/bin/apt-get',
            'usr/bin/dpkg',
          ]) {
            if (fs.existsSync(path.join(mount, shell)))
              problems.push(`${shell} is in the image`);
          }
        } finally {
          await buildah(['rm', probeContainer]);
        }
        return problems;
      },
    );

    // The cluster: CRDs and the demo template, then a Sandbox to reconcile.
    await installCrds(kubeConfigYaml);
    const metricsPort = await freePort();
    const wakerPort = await freePort();
    container = (await buildah(['from', '--pull-never', IMAGE])).stdout.trim();
    const kubeconfigFile = path.join(work, 'kubeconfig');
    fs.writeFileSync(kubeconfigFile, kubeConfigYaml);
    await buildah([
      'copy',
      '--chown',
      '65532:65532',
      container,
      kubeconfigFile,
      '/tmp/kubeconfig',
    ]);
    // What a Deployment runs: the image's entrypoint and the chart's flags.
    const command = [
      ...config.Entrypoint,
      '--kubeconfig=/tmp/kubeconfig',
      `--metrics-port=${metricsPort}`,
      '--metrics-bind-address=127.0.0.1',
      `--waker-port=${wakerPort}`,
      `--identity=${IDENTITY}`,
      '--lease-namespace=default',
      '--base-domain=sandboxes.example.com',
      '--url-scheme=https',
      '--cert-manager-issuer=letsencrypt',
    ];
    const logFile = path.join(repoRoot, '.local/check-image-operator.log');
    const log = fs.openSync(logFile, 'w');
    operator = spawn(
      'buildah',
      [
        ...storageFlags,
        'run',
        '--isolation',
        'chroot',
        container,
        '--',
        ...command,
      ],
      { stdio: ['ignore', log, log] },
    );
    const exited = new Promise<number | null>(resolve =>
      operator!.once('exit', code => resolve(code)),
    );

    const lease = resourceType('coordination.k8s.io/v1', 'Lease');
    await check('the operator from the image becomes leader', async () => {
      await waitFor(
        async () =>
          (
            await client.get<any>(lease, 'sandbox-operator', 'default')
          )?.spec?.holderIdentity === IDENTITY,
        {
          timeoutMs: 60_000,
          intervalMs: 200,
          what: `lease held by ${IDENTITY} (log: ${logFile})`,
        },
      );
    });

    await check(
      'it reconciles a Sandbox to Ready, with https Ingresses carrying tls',
      async () => {
        await client.create(demoSandbox('from-image'));
        const ready = await waitFor(
          async () => {
            const sandbox = await client.get<any>(SANDBOX, 'from-image');
            return sandbox?.status?.phase === 'Ready' && sandbox;
          },
          {
            timeoutMs: 90_000,
            intervalMs: 250,
            what: 'Sandbox from-image Ready',
          },
        );
        const problems: string[] = [];
        if (!String(ready.status.url).startsWith('https://'))
          problems.push(`status.url ${ready.status.url}`);
        const ingressType = resourceType('networking.k8s.io/v1', 'Ingress');
        const { items } = await client.list<any>(ingressType, {
          namespace: ready.status.namespace,
        });
        if (items.length === 0) problems.push('no Ingress');
        for (const ingress of items) {
          const tls = ingress.spec.tls?.[0];
          if (
            !tls?.hosts?.includes(ingress.spec.rules[0].host) ||
            tls.secretName !== `${ingress.metadata.name}-tls`
          )
            problems.push(
              `Ingress ${ingress.metadata.name} tls: ${JSON.stringify(
                ingress.spec.tls,
              )}`,
            );
          if (
            ingress.metadata.annotations?.['cert-manager.io/cluster-issuer'] !==
            'letsencrypt'
          )
            problems.push(
              `Ingress ${ingress.metadata.name} has no cert-manager annotation`,
            );
        }
        return problems;
      },
    );

    await check('it serves /metrics and /readyz', async () => {
      const base = `http://127.0.0.1:${metricsPort}`;
      const readyz = await fetch(`${base}/readyz`);
      const metrics = await (await fetch(`${base}/metrics`)).text();
      return [
        ...(readyz.status !== 200 ? [`/readyz answered ${readyz.status}`] : []),
        ...(!/^sandbox_operator_leader 1$/m.test(metrics)
          ? ['/metrics has no sandbox_operator_leader 1']
          : []),
        ...(!/^sandbox_operator_sandboxes\{phase="Ready"\} 1$/m.test(metrics)
          ? ['/metrics does not count the Ready sandbox']
          : []),
      ];
    });

    await check('on SIGTERM it stops and releases the Lease', async () => {
      // buildah run does not pass signals on (it kills its child), so the
      // kubelet's SIGTERM goes to the operator's own process, found among
      // buildah's descendants.
      const pid = descendants(operator!.pid!).find(p =>
        fs
          .readFileSync(`/proc/${p}/cmdline`, 'utf8')
          .startsWith(config.Entrypoint[0]),
      );
      if (!pid) return ['the operator process was not found'];
      process.kill(pid, 'SIGTERM');
      const code = await Promise.race([
        exited,
        new Promise<string>(resolve =>
          setTimeout(() => resolve('timeout'), 30_000),
        ),
      ]);
      const held = (await client.get<any>(lease, 'sandbox-operator', 'default'))
        ?.spec?.holderIdentity;
      return [
        ...(code !== 0 ? [`exit ${code}`] : []),
        ...(held === IDENTITY ? ['the lease is still held'] : []),
      ];
    });
  } catch (error) {
    await check('image checks ran', async () => [
      String((error as Error)?.stack ?? error),
    ]);
  } finally {
    if (operator && operator.exitCode === null) operator.kill('SIGKILL');
    // The storage is this script's own: leave no images behind (vfs keeps
    // a full copy of every layer, 240 MB a run).
    await buildah(['rm', '--all']).catch(() => undefined);
    await buildah(['rmi', '--all', '--force']).catch(() => undefined);
    client.close();
    await sim.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
  report.finish('image checks', { imageBytes });
}

/** Every process below pid, from /proc (Linux). */
function descendants(pid: number): number[] {
  const children = fs
    .readdirSync(`/proc/${pid}/task`)
    .flatMap(task =>
      fs
        .readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8')
        .split(' ')
        .filter(Boolean)
        .map(Number),
    );
  return children.flatMap(child => [child, ...descendants(child)]);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = require('net').createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

main();
