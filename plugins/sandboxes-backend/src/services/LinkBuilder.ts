import {
  ConnectCommand,
  isSafeLinkUrl,
  SandboxLink,
  SandboxTemplateSpec,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { SandboxesConfig } from '../config';
import { SandboxRecord } from '../database/types';

const LINK_TYPES = ['logs', 'metrics', 'traces', 'exceptions'] as const;
const TITLES = {
  logs: 'Logs',
  metrics: 'Metrics',
  traces: 'Traces',
  exceptions: 'Exceptions',
};

/**
 * Fills the observability URL templates (app-config, then the template's own)
 * and writes the copy-paste commands engineers use to connect.
 *
 * @public
 */
export class LinkBuilder {
  readonly #links: SandboxesConfig['links'];

  constructor(links: SandboxesConfig['links']) {
    this.#links = links;
  }

  links(
    record: SandboxRecord,
    template?: SandboxTemplateSpec,
    now = new Date(),
  ): SandboxLink[] {
    const values: Record<string, string> = {
      cluster: record.cluster,
      namespace: record.namespace ?? '',
      sandbox: record.name,
      owner: record.owner,
      from: record.createdAt.toISOString(),
      to: (now < record.expiresAt ? now : record.expiresAt).toISOString(),
    };
    const fill = (url: string) =>
      url.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
        key in values ? encodeURIComponent(values[key]) : whole,
      );
    const result: SandboxLink[] = [];
    for (const type of LINK_TYPES) {
      const url = this.#links[type];
      if (url) result.push({ title: TITLES[type], type, url: fill(url) });
    }
    for (const link of template?.links ?? []) {
      const type = (LINK_TYPES as readonly string[]).includes(link.type ?? '')
        ? (link.type as SandboxLink['type'])
        : 'other';
      result.push({ title: link.title, type, url: fill(link.url) });
    }
    // Templates are written by others than the portal's admins: a link that
    // is not http(s) or a portal path (javascript:, data:) never leaves.
    return result.filter(link => isSafeLinkUrl(link.url));
  }

  connectCommands(
    record: SandboxRecord,
    template?: SandboxTemplateSpec,
  ): ConnectCommand[] {
    if (!record.namespace) return [];
    const ns = record.namespace;
    const ctx = `--context ${record.cluster}`;
    const commands: ConnectCommand[] = [
      {
        title: 'List what runs in the sandbox',
        command: `kubectl ${ctx} -n ${ns} get deploy,pods,svc`,
      },
    ];
    for (const component of record.resource.status?.components ?? []) {
      const kind = component.kind.toLowerCase();
      commands.push(
        {
          title: `Logs of ${component.name}`,
          command: `kubectl ${ctx} -n ${ns} logs ${kind}/${component.name} --all-containers -f`,
        },
        {
          title: `Shell in ${component.name}`,
          command: `kubectl ${ctx} -n ${ns} exec -it ${kind}/${component.name} -- sh`,
        },
      );
    }
    for (const endpoint of template?.endpoints ?? []) {
      commands.push({
        title: `Reach ${endpoint.name} on localhost:${endpoint.port}`,
        command: `kubectl ${ctx} -n ${ns} port-forward svc/${endpoint.service} ${endpoint.port}`,
      });
    }
    return commands;
  }
}
