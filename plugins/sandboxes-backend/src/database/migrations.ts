import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@sandboxkit/backstage-plugin-sandboxes-backend',
  'migrations',
);

/**
 * Gets the plugin's database client and, unless the operator turned
 * migrations off, brings the schema up to date.
 *
 * @public
 */
export async function connectSandboxesDatabase(
  database: DatabaseService,
): Promise<Knex> {
  const knex = await database.getClient();
  if (!database.migrations?.skip) {
    await knex.migrate.latest({ directory: migrationsDir });
  }
  return knex;
}
