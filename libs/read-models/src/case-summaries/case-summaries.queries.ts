/** The case list over `case_summaries`: filters, one of three sorts, keyset pages. */
import type { SqlQueryable } from '@caseledger/event-store';
import { afterKey, CursorKeyType, decodeCursor, encodeCursor, likeLiteral, Page } from '../paging/keyset-cursor';
import type { CaseSummary } from './case-summaries.projection';

export const CASE_SORTS = ['openedAt', 'priority', 'updatedAt'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export interface CaseFilter {
  accountId?: string;
  contractId?: string;
  status?: string[];
  priority?: string[];
  criticality?: string[];
  category?: string[];
  assigneeId?: string;
  openedFrom?: string;
  openedTo?: string;
  /** Last case event's instant at or after this one: what an integrator polling for changes asks. */
  updatedFrom?: string;
  updatedTo?: string;
  q?: string;
}

export interface CasePageRequest {
  sort: CaseSort;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}

const SORT_COLUMN: Record<CaseSort, { column: string; type: CursorKeyType; of: (doc: CaseSummary) => string }> = {
  openedAt: { column: 'opened_at', type: 'timestamptz', of: (doc) => doc.openedAt },
  updatedAt: { column: 'updated_at', type: 'timestamptz', of: (doc) => doc.updatedAt },
  priority: { column: 'priority', type: 'text', of: (doc) => doc.priority },
};

/** Throws InvalidCursor for a cursor that is not ours or belongs to another sort. */
export async function listCaseSummaries(
  sql: SqlQueryable,
  filter: CaseFilter,
  page: CasePageRequest,
): Promise<Page<CaseSummary>> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const anyOf = (column: string, values: string[] | undefined) => {
    if (values && values.length > 0)
      where.push(`${column} = any (select jsonb_array_elements_text(${param(JSON.stringify(values))}::jsonb))`);
  };
  if (filter.accountId !== undefined) where.push(`account_id = ${param(filter.accountId)}`);
  if (filter.contractId !== undefined) where.push(`contract_id = ${param(filter.contractId)}`);
  anyOf('status', filter.status);
  anyOf('priority', filter.priority);
  anyOf('criticality', filter.criticality);
  anyOf('category', filter.category);
  if (filter.assigneeId !== undefined) where.push(`assignee_id = ${param(filter.assigneeId)}`);
  if (filter.openedFrom !== undefined) where.push(`opened_at >= ${param(filter.openedFrom)}::timestamptz`);
  if (filter.openedTo !== undefined) where.push(`opened_at < ${param(filter.openedTo)}::timestamptz`);
  if (filter.updatedFrom !== undefined) where.push(`updated_at >= ${param(filter.updatedFrom)}::timestamptz`);
  if (filter.updatedTo !== undefined) where.push(`updated_at < ${param(filter.updatedTo)}::timestamptz`);
  if (filter.q !== undefined) where.push(`subject ilike '%' || ${param(likeLiteral(filter.q))} || '%' escape '\\'`);

  const sort = SORT_COLUMN[page.sort];
  const sortName = `${page.sort}:${page.order}`;
  const descending = page.order === 'desc';
  if (page.cursor !== undefined) {
    const { key } = decodeCursor(page.cursor, sortName, [sort.type, 'text']);
    const first = params.length + 1;
    params.push(key[0], key[1]);
    where.push(
      afterKey(
        [
          { column: sort.column, type: sort.type },
          { column: 'case_id', type: 'text' },
        ],
        descending,
        first,
      ),
    );
  }
  const direction = descending ? 'desc' : 'asc';
  const rows = await sql.query<{ doc: CaseSummary }>(
    `select doc from case_summaries ${where.length ? `where ${where.join(' and ')}` : ''}
      order by ${sort.column} ${direction}, case_id ${direction}
      limit ${param(page.limit + 1)}`,
    params,
  );
  const items = rows.slice(0, page.limit).map((row) => row.doc);
  const last = items.at(-1);
  return {
    items,
    ...(rows.length > page.limit &&
      last && { next: encodeCursor({ sort: sortName, key: [sort.of(last), last.caseId] }) }),
  };
}
