/**
 * The operator's command line. Flags win over environment variables, which
 * win over the defaults documented in README.md:
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs src/main.ts \
 *     --kubeconfig /path/to/kubeconfig [--install-crds] [--base-domain sandbox.localhost] ...
 */
import { parseArgs } from 'util';
import {
  defaultOperatorConfig,
  OperatorConfig,
  POD_SECURITY_LEVELS,
  PodSecurityLevel,
} from './config';
import { installCrds } from './installCrds';
import { loadKubeConfigFile } from './kube/loadKubeConfig';
import { startOperator } from './startOperator';

const { values } = parseArgs({
  options: {
    kubeconfig: { type: 'string' },
    'base-domain': { type: 'string' },
    'url-scheme': { type: 'string' },
    'url-port': { type: 'string' },
    'ingress-class': { type: 'string' },
    'ingress-namespace': { type: 'string' },
    'tls-secret': { type: 'string' },
    'cert-manager-issuer': { type: 'string' },
    'cert-manager-issuer-kind': { type: 'string' },
    'namespace-prefix': { type: 'string' },
    'reserved-namespaces': { type: 'string' },
    'pod-security-level': { type: 'string' },
    'dns-peers': { type: 'string' },
    'dns-ports': { type: 'string' },
    'ingress-peers': { type: 'string' },
    'blocked-egress-cidrs': { type: 'string' },
    'max-extension-minutes': { type: 'string' },
    'watch-silence': { type: 'string' },
    'stall-timeout': { type: 'string' },
    'resync-period': { type: 'string' },
    'drift-repair-period': { type: 'string' },
    workers: { type: 'string' },
    'metrics-port': { type: 'string' },
    'waker-port': { type: 'string' },
    'waker-host': { type: 'string' },
    'portal-url': { type: 'string' },
    'pass-on-url': { type: 'string' },
    'metrics-bind-address': { type: 'string' },
    'lease-namespace': { type: 'string' },
    'dry-run-namespace': { type: 'string' },
    'secret-parameters-namespace': { type: 'string' },
    identity: { type: 'string' },
    'install-crds': { type: 'boolean' },
    help: { type: 'boolean' },
  },
});

if (values.help) {
  process.stdout
    .write(`sandbox-operator: reconciles Sandbox resources into namespaces

  --kubeconfig PATH          kubeconfig file (env KUBECONFIG; default: in-cluster, else ~/.kube/config)
  --base-domain DOMAIN       ingress hosts are <endpoint>-<sandbox>.DOMAIN (env SANDBOX_BASE_DOMAIN; default ${defaultOperatorConfig.baseDomain})
  --url-scheme http|https    scheme of endpoint URLs (env SANDBOX_URL_SCHEME; default http)
  --url-port PORT            port in endpoint URLs, when the ingress is not on the scheme's default (env SANDBOX_URL_PORT; default none)
  --ingress-class NAME       spec.ingressClassName of Ingresses (env SANDBOX_INGRESS_CLASS; default: cluster default)
  --ingress-namespace NS     ingress controller namespace allowed in by network policies (env SANDBOX_INGRESS_NAMESPACE; default ${defaultOperatorConfig.ingressNamespace})
  --tls-secret NAME          with https: Secret in each sandbox namespace holding the Ingress certificate (env SANDBOX_TLS_SECRET; default: the ingress controller's default certificate)
  --cert-manager-issuer NAME with https: cert-manager issuer making each Ingress's certificate (env SANDBOX_CERT_MANAGER_ISSUER)
  --cert-manager-issuer-kind ClusterIssuer|Issuer  (env SANDBOX_CERT_MANAGER_ISSUER_KIND; default ClusterIssuer)
  --namespace-prefix PREFIX  sandbox namespaces are PREFIX<name> (env SANDBOX_NAMESPACE_PREFIX; default ${defaultOperatorConfig.namespacePrefix})
  --reserved-namespaces A,B  namespaces never used for a sandbox, besides default, kube-*, sandbox-operator-system and the operator's own (lease and dry-run); '*' at the end matches any rest (env SANDBOX_RESERVED_NAMESPACES)
  --pod-security-level L     Pod Security level enforced on sandbox namespaces: privileged, baseline, restricted; templates may only ask for stricter (env SANDBOX_POD_SECURITY_LEVEL; default baseline)
  --dns-peers JSON           NetworkPolicy peers sandbox pods may ask for DNS (env SANDBOX_DNS_PEERS; default kube-dns pods in kube-system; NodeLocal DNSCache: [{"ipBlock":{"cidr":"169.254.20.10/32"}}] plus the default)
  --dns-ports JSON           their ports (env SANDBOX_DNS_PORTS; default UDP and TCP 53)
  --ingress-peers JSON       NetworkPolicy peers allowed in besides the namespace itself (env SANDBOX_INGRESS_PEERS; default the ingress namespace; host-network controllers: the nodes' ipBlock)
  --blocked-egress-cidrs A,B no sandbox pod reaches these in any mode (env SANDBOX_BLOCKED_EGRESS_CIDRS; default 169.254.169.254/32,fd00:ec2::254/128)
  --max-extension-minutes N  spec.expiresAt is clamped to creation + template maxMinutes + N (env SANDBOX_MAX_EXTENSION_MINUTES; default 120)
  --watch-silence SECONDS    restart a watch silent this long (env SANDBOX_WATCH_SILENCE_SECONDS; default 300)
  --stall-timeout SECONDS    /healthz fails when queued work has not moved this long (env SANDBOX_STALL_TIMEOUT_SECONDS; default 300)
  --resync-period SECONDS    reconcile every sandbox at least this often (env SANDBOX_RESYNC_PERIOD_SECONDS; default 600)
  --drift-repair-period S    re-apply every child at least this often (env SANDBOX_DRIFT_REPAIR_PERIOD_SECONDS; default 3600)
  --workers N                sandboxes reconciled at once (env SANDBOX_WORKERS; default 4)
  --metrics-port PORT        /metrics, /healthz, /readyz (env METRICS_PORT; default 8080)
  --waker-port PORT          the waker serving sleeping sandboxes (env SANDBOX_WAKER_PORT; default ${defaultOperatorConfig.wakerPort}; 'off' for none)
  --waker-host NAME          DNS name of the waker's Service, for sleeping sandboxes' ExternalName Services (env SANDBOX_WAKER_HOST; default ${defaultOperatorConfig.wakerHost})
  --portal-url URL           the portal, linked from the waker's pages (env SANDBOX_PORTAL_URL; default ${defaultOperatorConfig.portalUrl})
  --pass-on-url URL          where held requests go once awake, {service} {namespace} {port} filled in (env SANDBOX_PASS_ON_URL; default ${defaultOperatorConfig.passOnUrl})
  --metrics-bind-address IP  address they listen on (env METRICS_BIND_ADDRESS; default: every IPv6 and IPv4 address)
  --lease-namespace NS       namespace of the leader Lease (env POD_NAMESPACE; default default)
  --dry-run-namespace NS     namespace the operator creates for the server-side dry runs that check templates; reserved (env SANDBOX_DRY_RUN_NAMESPACE; default ${defaultOperatorConfig.dryRunNamespace})
  --secret-parameters-namespace NS  the only namespace where staging Secrets with secret parameter values are read; the backend's sandboxes.secretParameters.namespace; reserved (env SANDBOX_SECRET_PARAMETERS_NAMESPACE; default ${defaultOperatorConfig.secretParametersNamespace})
  --identity NAME            identity in the Lease (env POD_NAME; default hostname-pid)
  --install-crds             install the CRDs and demo templates first (local use)
`);
  process.exit(0);
}

const env = process.env;
const pick = (flag: string | undefined, envName: string) =>
  flag ?? env[envName] ?? undefined;
const seconds = (value: string | undefined, fallbackMs: number) =>
  value === undefined ? fallbackMs : Number(value) * 1000;

const tlsSecret = pick(values['tls-secret'], 'SANDBOX_TLS_SECRET');
const issuerName = pick(
  values['cert-manager-issuer'],
  'SANDBOX_CERT_MANAGER_ISSUER',
);
const issuerKind =
  pick(
    values['cert-manager-issuer-kind'],
    'SANDBOX_CERT_MANAGER_ISSUER_KIND',
  ) ?? 'ClusterIssuer';
if (issuerKind !== 'ClusterIssuer' && issuerKind !== 'Issuer') {
  process.stderr.write(
    `--cert-manager-issuer-kind must be ClusterIssuer or Issuer, got "${issuerKind}"\n`,
  );
  process.exit(2);
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(v => v.trim())
    .filter(Boolean);
}

function json<T>(value: string | undefined, flag: string): T | undefined {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value) as T;
  } catch (error) {
    process.stderr.write(`${flag} must be JSON: ${(error as Error).message}\n`);
    return process.exit(2);
  }
}

function podSecurityLevelOf(value: string | undefined): PodSecurityLevel {
  if (value === undefined) return defaultOperatorConfig.podSecurityLevel;
  if (!(POD_SECURITY_LEVELS as readonly string[]).includes(value)) {
    process.stderr.write(
      `--pod-security-level must be one of ${POD_SECURITY_LEVELS.join(
        ', ',
      )}, got "${value}"\n`,
    );
    process.exit(2);
  }
  return value as PodSecurityLevel;
}

const config: Partial<OperatorConfig> = {
  baseDomain:
    pick(values['base-domain'], 'SANDBOX_BASE_DOMAIN') ??
    defaultOperatorConfig.baseDomain,
  urlScheme:
    (pick(
      values['url-scheme'],
      'SANDBOX_URL_SCHEME',
    ) as OperatorConfig['urlScheme']) ?? defaultOperatorConfig.urlScheme,
  ingressClassName: pick(values['ingress-class'], 'SANDBOX_INGRESS_CLASS'),
  ingressNamespace:
    pick(values['ingress-namespace'], 'SANDBOX_INGRESS_NAMESPACE') ??
    defaultOperatorConfig.ingressNamespace,
  tls: {
    ...(tlsSecret ? { secretName: tlsSecret } : {}),
    ...(issuerName
      ? { certManagerIssuer: { kind: issuerKind, name: issuerName } }
      : {}),
  },
  namespacePrefix:
    pick(values['namespace-prefix'], 'SANDBOX_NAMESPACE_PREFIX') ??
    defaultOperatorConfig.namespacePrefix,
  resyncPeriodMs: seconds(
    pick(values['resync-period'], 'SANDBOX_RESYNC_PERIOD_SECONDS'),
    defaultOperatorConfig.resyncPeriodMs,
  ),
  driftRepairPeriodMs: seconds(
    pick(values['drift-repair-period'], 'SANDBOX_DRIFT_REPAIR_PERIOD_SECONDS'),
    defaultOperatorConfig.driftRepairPeriodMs,
  ),
  workers: Number(
    pick(values.workers, 'SANDBOX_WORKERS') ?? defaultOperatorConfig.workers,
  ),
  leaseNamespace:
    pick(values['lease-namespace'], 'POD_NAMESPACE') ??
    defaultOperatorConfig.leaseNamespace,
  dryRunNamespace:
    pick(values['dry-run-namespace'], 'SANDBOX_DRY_RUN_NAMESPACE') ??
    defaultOperatorConfig.dryRunNamespace,
  secretParametersNamespace:
    pick(
      values['secret-parameters-namespace'],
      'SANDBOX_SECRET_PARAMETERS_NAMESPACE',
    ) ?? defaultOperatorConfig.secretParametersNamespace,
  reservedNamespaces: list(
    pick(values['reserved-namespaces'], 'SANDBOX_RESERVED_NAMESPACES'),
  ),
  podSecurityLevel: podSecurityLevelOf(
    pick(values['pod-security-level'], 'SANDBOX_POD_SECURITY_LEVEL'),
  ),
  dnsPeers:
    json(pick(values['dns-peers'], 'SANDBOX_DNS_PEERS'), '--dns-peers') ??
    defaultOperatorConfig.dnsPeers,
  dnsPorts:
    json(pick(values['dns-ports'], 'SANDBOX_DNS_PORTS'), '--dns-ports') ??
    defaultOperatorConfig.dnsPorts,
  ingressPeers: json(
    pick(values['ingress-peers'], 'SANDBOX_INGRESS_PEERS'),
    '--ingress-peers',
  ),
  blockedEgressCidrs:
    pick(values['blocked-egress-cidrs'], 'SANDBOX_BLOCKED_EGRESS_CIDRS') !==
    undefined
      ? list(
          pick(values['blocked-egress-cidrs'], 'SANDBOX_BLOCKED_EGRESS_CIDRS'),
        )
      : defaultOperatorConfig.blockedEgressCidrs,
  maxExtensionMinutes: Number(
    pick(values['max-extension-minutes'], 'SANDBOX_MAX_EXTENSION_MINUTES') ??
      defaultOperatorConfig.maxExtensionMinutes,
  ),
  watchSilenceMs: seconds(
    pick(values['watch-silence'], 'SANDBOX_WATCH_SILENCE_SECONDS'),
    defaultOperatorConfig.watchSilenceMs,
  ),
  stallTimeoutMs: seconds(
    pick(values['stall-timeout'], 'SANDBOX_STALL_TIMEOUT_SECONDS'),
    defaultOperatorConfig.stallTimeoutMs,
  ),
};
const urlPort = pick(values['url-port'], 'SANDBOX_URL_PORT');
if (urlPort) config.urlPort = Number(urlPort);
const wakerPort =
  pick(values['waker-port'], 'SANDBOX_WAKER_PORT') ??
  String(defaultOperatorConfig.wakerPort);
config.wakerPort =
  wakerPort === 'off' ? defaultOperatorConfig.wakerPort : Number(wakerPort);
config.wakerHost =
  pick(values['waker-host'], 'SANDBOX_WAKER_HOST') ??
  defaultOperatorConfig.wakerHost;
config.portalUrl =
  pick(values['portal-url'], 'SANDBOX_PORTAL_URL') ??
  defaultOperatorConfig.portalUrl;
config.passOnUrl =
  pick(values['pass-on-url'], 'SANDBOX_PASS_ON_URL') ??
  defaultOperatorConfig.passOnUrl;
const identity = pick(values.identity, 'POD_NAME');
if (identity) config.identity = identity;

const log =
  (level: string) => (message: string, meta?: Record<string, unknown>) =>
    process.stdout.write(
      `${JSON.stringify({
        time: new Date().toISOString(),
        level,
        message,
        ...meta,
      })}\n`,
    );
const logger = { info: log('info'), warn: log('warn'), error: log('error') };

async function main() {
  const kubeConfig = loadKubeConfigFile(values.kubeconfig ?? env.KUBECONFIG);
  if (values['install-crds']) {
    await installCrds(kubeConfig);
    logger.info('installed CRDs and demo templates');
  }
  const operator = await startOperator({
    kubeConfig,
    config,
    logger,
    metricsPort: Number(pick(values['metrics-port'], 'METRICS_PORT') ?? 8080),
    wakerPort: wakerPort === 'off' ? undefined : Number(wakerPort),
    metricsHost: pick(values['metrics-bind-address'], 'METRICS_BIND_ADDRESS'),
    processMetrics: true,
  });
  logger.info(`sandbox operator started as ${operator.identity}`, {
    metricsPort: operator.metricsPort,
    wakerPort: operator.wakerPort,
    baseDomain: config.baseDomain,
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping');
    await operator.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  logger.error(`sandbox operator failed: ${error?.stack ?? error}`);
  process.exit(1);
});
