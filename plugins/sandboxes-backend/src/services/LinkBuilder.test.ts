/* eslint-disable no-script-url -- the point of these tests is script URLs */
import { SandboxRecord } from '../database/types';
import { LinkBuilder } from './LinkBuilder';

const record = {
  name: 'demo-abc123',
  cluster: 'local',
  namespace: 'sandbox-demo-abc123',
  owner: 'user:default/jane',
  createdAt: new Date('2026-01-01T00:00:00Z'),
  expiresAt: new Date('2026-01-01T02:00:00Z'),
  resource: {
    status: {
      components: [
        {
          name: 'api',
          kind: 'Deployment',
          desiredReplicas: 1,
          readyReplicas: 1,
        },
      ],
    },
  },
} as unknown as SandboxRecord;

describe('LinkBuilder', () => {
  it('fills config and template link templates with encoded values and the time range', () => {
    const links = new LinkBuilder({
      logs: 'https://logs.example/?q=namespace:{{namespace}}&owner={{owner}}&from={{from}}&to={{to}}',
      metrics:
        'https://grafana.example/d/x?var-cluster={{cluster}}&var-sandbox={{sandbox}}',
    }).links(
      record,
      {
        links: [
          {
            title: 'Runbook',
            url: 'https://wiki.example/{{sandbox}}/{{unknown}}',
          },
        ],
      } as never,
      new Date('2026-01-01T01:00:00Z'),
    );
    expect(links).toEqual([
      {
        title: 'Logs',
        type: 'logs',
        url: 'https://logs.example/?q=namespace:sandbox-demo-abc123&owner=user%3Adefault%2Fjane&from=2026-01-01T00%3A00%3A00.000Z&to=2026-01-01T01%3A00%3A00.000Z',
      },
      {
        title: 'Metrics',
        type: 'metrics',
        url: 'https://grafana.example/d/x?var-cluster=local&var-sandbox=demo-abc123',
      },
      {
        title: 'Runbook',
        type: 'other',
        url: 'https://wiki.example/demo-abc123/{{unknown}}',
      },
    ]);
  });

  it('lets only http(s) and portal-relative links leave', () => {
    const links = new LinkBuilder({}).links(record, {
      links: [
        { title: 'Script', url: 'javascript:alert(document.cookie)' },
        { title: 'Data', url: 'data:text/html,<script>x</script>' },
        { title: 'Elsewhere', url: '//evil.example/{{sandbox}}' },
        { title: 'Page', url: '/catalog/default/component/{{sandbox}}' },
        { title: 'Docs', url: 'https://docs.example/{{sandbox}}' },
      ],
    } as never);
    expect(links.map(l => l.title)).toEqual(['Page', 'Docs']);
  });

  it('writes connect commands for components and template endpoints', () => {
    const commands = new LinkBuilder({}).connectCommands(record, {
      endpoints: [{ name: 'api', service: 'api-svc', port: 8080 }],
    } as never);
    expect(commands.map(c => c.command)).toEqual([
      'kubectl --context local -n sandbox-demo-abc123 get deploy,pods,svc',
      'kubectl --context local -n sandbox-demo-abc123 logs deployment/api --all-containers -f',
      'kubectl --context local -n sandbox-demo-abc123 exec -it deployment/api -- sh',
      'kubectl --context local -n sandbox-demo-abc123 port-forward svc/api-svc 8080',
    ]);
  });
});
