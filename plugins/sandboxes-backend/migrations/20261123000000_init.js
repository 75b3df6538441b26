/*
 * The sandboxes store: an index of Sandbox resources kept current by a watch
 * per cluster, lifetime and keep-awake bookkeeping beside it, the activity
 * log (kept after deletion), and quota slots.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('sandboxes', table => {
    table.comment(
      'Index of Sandbox resources of every cluster, kept current by a watch; the resource stays the truth',
    );
    table
      .string('name', 63)
      .primary()
      .notNullable()
      .comment('Sandbox resource name, unique across clusters');
    table
      .string('cluster', 255)
      .notNullable()
      .comment('Configured cluster name');
    table.string('template', 255).notNullable().comment('SandboxTemplate name');
    table.string('owner', 255).notNullable().comment('Owner entity ref');
    table
      .string('entity_ref', 255)
      .nullable()
      .comment('Catalog entity ref the sandbox belongs to');
    table
      .string('display_name', 255)
      .notNullable()
      .comment('Name shown to people');
    table
      .string('phase', 32)
      .notNullable()
      .comment('status.phase, Pending until the operator reports');
    table
      .boolean('suspended')
      .notNullable()
      .defaultTo(false)
      .comment('spec.suspend');
    table.string('namespace', 63).nullable().comment('status.namespace');
    table.text('url').nullable().comment('status.url, the first endpoint');
    table
      .dateTime('created_at')
      .notNullable()
      .comment('metadata.creationTimestamp, or reservation time');
    table.dateTime('expires_at').notNullable().comment('spec.expiresAt');
    table
      .string('resource_version', 64)
      .nullable()
      .comment(
        'metadata.resourceVersion last applied; older events are ignored',
      );
    table
      .text('resource')
      .notNullable()
      .comment('The Sandbox resource as last seen, JSON');
    table
      .dateTime('updated_at')
      .notNullable()
      .comment('When this row last changed');
    table
      .integer('extensions_used')
      .notNullable()
      .defaultTo(0)
      .comment('Lifetime bookkeeping: extensions granted so far');
    table
      .dateTime('last_resumed_at')
      .nullable()
      .comment('Last resume through the API (user or autoscaler)');
    table
      .dateTime('keep_awake_until')
      .nullable()
      .comment('Pinned awake by its owner until this time');
    table
      .dateTime('last_activity_at')
      .notNullable()
      .comment(
        'Last activity entry time (creation time until the first entry)',
      );
    table
      .dateTime('deletion_requested_at')
      .nullable()
      .comment('Set when deletion was asked through the API');
    table.index(['owner'], 'sandboxes_owner_idx');
    table.index(['cluster'], 'sandboxes_cluster_idx');
    table.index(['created_at'], 'sandboxes_created_at_idx');
    table.index(['expires_at'], 'sandboxes_expires_at_idx');
    table.index(['last_activity_at'], 'sandboxes_last_activity_at_idx');
  });

  await knex.schema.createTable('sandbox_activity', table => {
    table.comment(
      'Timeline of each sandbox; kept after the sandbox is deleted until retention',
    );
    table
      .bigIncrements('id')
      .primary()
      .comment('Ordering and identity of an entry');
    table
      .string('sandbox_name', 63)
      .notNullable()
      .comment('Sandbox name (no foreign key: entries outlive it)');
    table
      .string('type', 32)
      .notNullable()
      .comment('created, ready, failed, suspended, resumed, extended, ...');
    table
      .string('actor', 255)
      .notNullable()
      .comment('User entity ref, or autoscaler / operator / system');
    table.text('message').notNullable().comment('What happened, for people');
    table
      .text('details')
      .nullable()
      .comment('JSON evidence (reason, minutes, metric values)');
    table.dateTime('created_at').notNullable().comment('When it happened');
    table.index(['sandbox_name', 'created_at'], 'sandbox_activity_sandbox_idx');
    table.index(['created_at'], 'sandbox_activity_created_at_idx');
  });

  await knex.schema.createTable('sandbox_quota_slots', table => {
    table.comment(
      'One row per occupied quota slot. The primary key makes concurrent reservations race-free across replicas',
    );
    table
      .string('scope', 320)
      .notNullable()
      .comment('user:<ref>, group:<ref>, or the same with |template:<name>');
    table
      .integer('slot')
      .notNullable()
      .comment('0 .. limit-1 within the scope');
    table
      .string('sandbox_name', 63)
      .notNullable()
      .comment('The sandbox holding the slot');
    table
      .dateTime('reserved_at')
      .notNullable()
      .comment('When the slot was taken');
    table.primary(['scope', 'slot']);
    table.index(['sandbox_name'], 'sandbox_quota_slots_sandbox_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('sandbox_quota_slots');
  await knex.schema.dropTable('sandbox_activity');
  await knex.schema.dropTable('sandboxes');
};
