/*
 * Expiry warnings: which expiry of each sandbox its owner was already warned
 * about, so each expiry is announced once and an extended sandbox is warned
 * again before its new one.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('sandboxes', table => {
    table
      .dateTime('expiry_warned_for')
      .nullable()
      .comment(
        'The spec.expiresAt the expiry warning was given for; differs from expires_at after an extension',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('sandboxes', table => {
    table.dropColumn('expiry_warned_for');
  });
};
