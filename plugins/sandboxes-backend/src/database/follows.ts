import { SandboxResource } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { Knex } from 'knex';

const TABLE = 'sandbox_follows';

/** The component key of a sandbox-wide follow. */
export const WHOLE_SANDBOX = '*';

/** Rewrites a sandbox's follow rows from its resource (none when it is gone). */
export async function replaceFollows(
  tx: Knex.Transaction | Knex,
  sandbox: string,
  resource: SandboxResource | undefined,
): Promise<void> {
  await tx(TABLE).where({ sandbox }).delete();
  const spec = resource?.spec;
  const rows = [
    ...(spec?.follow ? [{ component: WHOLE_SANDBOX, ...spec.follow }] : []),
    ...Object.entries(spec?.componentFollow ?? {}).map(
      ([component, follow]) => ({ component, ...follow }),
    ),
  ].map(({ component, repository, branch }) => ({
    sandbox,
    component,
    repository,
    branch,
  }));
  if (rows.length > 0) await tx(TABLE).insert(rows);
}
