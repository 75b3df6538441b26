import { InputError } from '@backstage/errors';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import { Knex } from 'knex';
import { SandboxRow } from './rows';
import {
  SandboxListQuery,
  SandboxPermissionCriteria,
  SandboxRecord,
} from './types';

const SORT_COLUMNS = {
  createdAt: 'created_at',
  expiresAt: 'expires_at',
  name: 'name',
  lastActivityAt: 'last_activity_at',
} as const;

const FILTER_COLUMNS = { owner: 'owner' } as const;

type Builder = Knex.QueryBuilder;

/** Turns permission criteria (from the IS_OWNER rule) into a knex where. */
export function applyPermissionCriteria(
  qb: Builder,
  criteria: SandboxPermissionCriteria,
): void {
  if (isAndCriteria(criteria)) {
    qb.where(inner => {
      for (const c of criteria.allOf)
        inner.andWhere(q => applyPermissionCriteria(q, c));
    });
  } else if (isOrCriteria(criteria)) {
    qb.where(inner => {
      for (const c of criteria.anyOf)
        inner.orWhere(q => applyPermissionCriteria(q, c));
    });
  } else if (isNotCriteria(criteria)) {
    qb.whereNot(inner => applyPermissionCriteria(inner, criteria.not));
  } else {
    qb.whereIn(FILTER_COLUMNS[criteria.key], criteria.values);
  }
}

function applyFilters(
  qb: Builder,
  query: SandboxListQuery,
  permission?: SandboxPermissionCriteria,
): Builder {
  if (query.owner) qb.where('owner', query.owner);
  if (query.entityRef) qb.where('entity_ref', query.entityRef);
  if (query.template) qb.where('template', query.template);
  if (query.phase) qb.where('phase', query.phase);
  if (query.cluster) qb.where('cluster', query.cluster);
  if (query.q) {
    const pattern = `%${query.q
      .toLocaleLowerCase('en-US')
      .replace(/[\\%_]/g, c => `\\${c}`)}%`;
    qb.where(inner => {
      for (const column of ['name', 'display_name', 'owner', 'template']) {
        inner.orWhereRaw(`LOWER(??) LIKE ? ESCAPE '\\'`, [column, pattern]);
      }
    });
  }
  if (permission) applyPermissionCriteria(qb, permission);
  return qb;
}

interface Cursor {
  /** The sort column's value: epoch milliseconds, or the name. */
  v: number | string;
  n: string;
}

function decodeCursor(cursor: string): Cursor {
  try {
    const parsed = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    );
    if (
      parsed &&
      typeof parsed.n === 'string' &&
      (typeof parsed.v === 'number' || typeof parsed.v === 'string')
    ) {
      return parsed;
    }
  } catch {
    // fall through to the error below
  }
  throw new InputError(
    'cursor: must be a nextCursor value returned by this API',
  );
}

/**
 * Keyset pagination: the page after the cursor in (sort column, name) order,
 * one row more than the limit to know whether a next page exists.
 */
export function applyListQuery(
  qb: Builder,
  query: SandboxListQuery,
  permission?: SandboxPermissionCriteria,
): { rows: Promise<SandboxRow[]>; cursorOf(record: SandboxRecord): string } {
  const sort = query.sort ?? 'createdAt';
  const column = SORT_COLUMNS[sort];
  const order = query.order ?? (sort === 'name' ? 'asc' : 'desc');
  const compare = order === 'asc' ? '>' : '<';
  applyFilters(qb, query, permission);
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor);
    if (sort === 'name') {
      qb.where('name', compare, cursor.n);
    } else {
      if (typeof cursor.v !== 'number') {
        throw new InputError('cursor: does not belong to this sort order');
      }
      const value = new Date(cursor.v);
      qb.where(inner =>
        inner
          .where(column, compare, value)
          .orWhere(eq =>
            eq.where(column, value).andWhere('name', compare, cursor.n),
          ),
      );
    }
  }
  qb.orderBy([
    { column, order },
    ...(column === 'name' ? [] : [{ column: 'name', order }]),
  ]).limit(query.limit + 1);
  return {
    rows: qb.then(rows => rows as SandboxRow[]),
    cursorOf(record) {
      const v =
        sort === 'name' ? record.name : sortDate(record, sort).getTime();
      return Buffer.from(JSON.stringify({ v, n: record.name })).toString(
        'base64url',
      );
    },
  };
}

function sortDate(
  record: SandboxRecord,
  sort: Exclude<keyof typeof SORT_COLUMNS, 'name'>,
): Date {
  return record[sort];
}

export async function countQuery(
  qb: Builder,
  query: SandboxListQuery,
  permission?: SandboxPermissionCriteria,
): Promise<number> {
  const row = await applyFilters(qb, query, permission)
    .count({ count: '*' })
    .first();
  return Number(row?.count ?? 0);
}
