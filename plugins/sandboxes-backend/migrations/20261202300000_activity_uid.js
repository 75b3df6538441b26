/*
 * Activity keyed by the sandbox's uid: a name can be taken again after its
 * sandbox is deleted, and the new sandbox must start with an empty timeline
 * while the old owner keeps theirs.
 *
 * Existing entries of sandboxes that still exist get their uid (entries from
 * the sandbox's creation on). Entries of sandboxes deleted before this
 * migration keep a null uid: they are reached by name as "history recorded
 * before uids were kept" (see DatabaseActivityStore).
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('sandbox_activity', table => {
    table
      .string('sandbox_uid', 64)
      .nullable()
      .comment(
        'metadata.uid of the Sandbox the entry is about; null for entries recorded before uids were kept',
      );
    table.index(['sandbox_uid', 'created_at'], 'sandbox_activity_uid_idx');
  });
  const sandboxes = await knex('sandboxes').select(
    'name',
    'created_at',
    'resource',
  );
  for (const row of sandboxes) {
    const uid = JSON.parse(row.resource)?.metadata?.uid;
    if (typeof uid !== 'string') continue;
    // Entries older than this sandbox belong to an earlier one of that name.
    await knex('sandbox_activity')
      .where({ sandbox_name: row.name })
      .where('created_at', '>=', row.created_at)
      .whereNull('sandbox_uid')
      .update({ sandbox_uid: uid });
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('sandbox_activity', table => {
    table.dropIndex(['sandbox_uid', 'created_at'], 'sandbox_activity_uid_idx');
    table.dropColumn('sandbox_uid');
  });
};
