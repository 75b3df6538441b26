/*
 * Builds: which sandboxes (or components) follow which branch, so a
 * reported build finds them with one indexed query, and the latest build of
 * each branch, so a sandbox that starts following a branch moves to it at once.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('sandbox_follows', table => {
    table.comment(
      'Branches followed by sandboxes, from spec.follow and spec.componentFollow; rewritten with the index row',
    );
    table.string('sandbox', 63).notNullable().comment('Sandbox name');
    table
      .string('component', 253)
      .notNullable()
      .comment("Component (workload name), or '*' for the whole sandbox");
    table
      .string('repository', 500)
      .notNullable()
      .comment('Normalized repository URL, https://host/owner/name');
    table.string('branch', 255).notNullable().comment('Branch name');
    table.primary(['sandbox', 'component']);
    table.index(['repository', 'branch'], 'sandbox_follows_branch_idx');
  });
  await knex.schema.createTable('sandbox_branch_builds', table => {
    table.comment('The latest build reported for each branch');
    table
      .string('repository', 500)
      .notNullable()
      .comment('Normalized repository URL');
    table.string('branch', 255).notNullable().comment('Branch name');
    table.string('commit', 64).notNullable().comment('Commit the build is of');
    table
      .text('images')
      .notNullable()
      .comment('JSON object: component name to image reference');
    table
      .dateTime('built_at')
      .nullable()
      .comment('When CI made the build, if it said');
    table
      .bigInteger('sequence')
      .nullable()
      .comment("CI's build number, if it said");
    table
      .string('reported_by', 255)
      .notNullable()
      .comment('Service or user that reported it');
    table
      .dateTime('received_at')
      .notNullable()
      .comment('When the report arrived');
    table.primary(['repository', 'branch']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('sandbox_branch_builds');
  await knex.schema.dropTable('sandbox_follows');
};
