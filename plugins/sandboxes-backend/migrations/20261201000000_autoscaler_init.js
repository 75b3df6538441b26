/*
 * Autoscaler bookkeeping. Independent of the backend's other tables: rows are
 * keyed by Sandbox name and cluster and survive the Sandbox for the savings
 * history. Times are epoch milliseconds (bigint) so SQLite and PostgreSQL
 * return the same thing.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('autoscaler_sandbox_state', table => {
    table.comment(
      'What the idle autoscaler knows and last decided per sandbox',
    );
    table.string('sandbox').primary().comment('The Sandbox resource name');
    table.string('cluster').notNullable().comment('The cluster it runs in');
    table
      .string('status')
      .notNullable()
      .comment('active, idle-warned, paused, pinned, grace, opted-out, ...');
    table.text('status_message').notNullable().comment('For people');
    table
      .bigInteger('idle_warned_at')
      .nullable()
      .comment('When the pending scale-down was announced');
    table
      .string('suspended_by')
      .nullable()
      .comment('"idle" or "schedule:<name>" when the autoscaler suspended it');
    table.bigInteger('suspended_at').nullable().comment('When it did');
    table
      .bigInteger('metrics_seen_at')
      .nullable()
      .comment('Last time its namespace had a series in the answer');
    table
      .text('last_decision')
      .nullable()
      .comment('JSON: the last action with its reason and evidence');
    table.bigInteger('updated_at').notNullable();
    table.index(['cluster'], 'autoscaler_sandbox_state_cluster_idx');
  });

  await knex.schema.createTable('autoscaler_savings', table => {
    table.comment('Capacity avoided while sandboxes were scaled down');
    table.string('sandbox').primary().comment('The Sandbox resource name');
    table.string('cluster').notNullable();
    table.string('owner').notNullable().comment('Owner entity ref');
    table.string('template').notNullable();
    table
      .bigInteger('open_since')
      .nullable()
      .comment('Start of the current scaled-down interval, if any');
    table.double('open_replicas').notNullable().defaultTo(0);
    table.double('open_cpu_cores').notNullable().defaultTo(0);
    table.double('open_memory_bytes').notNullable().defaultTo(0);
    table
      .double('replica_hours')
      .notNullable()
      .defaultTo(0)
      .comment('Replica-hours avoided in closed intervals');
    table.double('cpu_core_hours').notNullable().defaultTo(0);
    table.double('memory_gib_hours').notNullable().defaultTo(0);
    table.bigInteger('updated_at').notNullable();
  });

  await knex.schema.createTable('autoscaler_cluster_status', table => {
    table.comment('Health of each cluster metrics source, for the UI');
    table.string('cluster').primary();
    table.boolean('healthy').notNullable();
    table.text('message').notNullable();
    table.string('source').nullable().comment('Metrics source id');
    table.text('query').nullable().comment('The last query sent');
    table.bigInteger('last_cycle_at').notNullable();
    table.bigInteger('last_success_at').nullable();
  });

  await knex.schema.createTable('autoscaler_schedule_runs', table => {
    table.comment('Off-hours schedule occurrences already acted upon');
    table.string('schedule').primary();
    table.bigInteger('suspend_fired_at').nullable();
    table.bigInteger('resume_fired_at').nullable();
  });

  await knex.schema.createTable('autoscaler_cycles', table => {
    table.comment('One row per autoscaler cycle, for status and audits');
    table.increments('id');
    table.bigInteger('started_at').notNullable();
    table.bigInteger('finished_at').notNullable();
    table.string('instance').notNullable().comment('Which backend ran it');
    table.integer('clusters').notNullable();
    table.integer('queries').notNullable();
    table.integer('sandboxes').notNullable();
    table.integer('warned').notNullable();
    table.integer('suspended').notNullable();
    table.integer('resumed').notNullable();
    table.index(['started_at'], 'autoscaler_cycles_started_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('autoscaler_cycles');
  await knex.schema.dropTable('autoscaler_schedule_runs');
  await knex.schema.dropTable('autoscaler_cluster_status');
  await knex.schema.dropTable('autoscaler_savings');
  await knex.schema.dropTable('autoscaler_sandbox_state');
};
