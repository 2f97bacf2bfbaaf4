/** Finding an account's contracts, its TAM and its open cases, over the account directory's tables. */
import type { AuthorisedContact } from '@caseledger/domain';
import type { SqlQueryable } from '@caseledger/event-store';
import { afterKey, decodeCursor, encodeCursor, Page } from '../paging/keyset-cursor';
import type { ContractListing, TamAssignmentListing } from './account-directory.projection';

export interface ContractFilter {
  accountId?: string;
  planId?: string[];
  status?: string[];
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
  anyOf(column: string, values: string[]): string {
    return `${column} = any (select jsonb_array_elements_text(${this.add(JSON.stringify(values))}::jsonb))`;
  }
}

const CONTRACT_SORT = 'signedAt:desc';

/** Newest signed first, ties by contract id; throws InvalidCursor for a cursor that is not ours. */
export async function listContracts(
  sql: SqlQueryable,
  filter: ContractFilter,
  page: PageRequest,
): Promise<Page<ContractListing>> {
  const params = new Params();
  const where: string[] = [];
  if (filter.accountId !== undefined) where.push(`account_id = ${params.add(filter.accountId)}`);
  if (filter.planId?.length) where.push(params.anyOf('plan_id', filter.planId));
  if (filter.status?.length) where.push(params.anyOf('status', filter.status));
  if (page.cursor !== undefined) {
    const { key } = decodeCursor(page.cursor, CONTRACT_SORT, ['timestamptz', 'text']);
    const first = params.values.length + 1;
    params.add(key[0]);
    params.add(key[1]);
    where.push(
      afterKey(
        [
          { column: 'signed_at', type: 'timestamptz' },
          { column: 'contract_id', type: 'text' },
        ],
        true,
        first,
      ),
    );
  }
  const rows = await sql.query<{ doc: ContractListing }>(
    `select doc from directory_contracts ${where.length ? `where ${where.join(' and ')}` : ''}
      order by signed_at desc, contract_id desc limit ${params.add(page.limit + 1)}`,
    params.values,
  );
  const items = rows.slice(0, page.limit).map((row) => row.doc);
  const last = items.at(-1);
  return {
    items,
    ...(rows.length > page.limit &&
      last && { next: encodeCursor({ sort: CONTRACT_SORT, key: [last.signedAt, last.contractId] }) }),
  };
}

export interface TamAssignmentFilter {
  accountId?: string;
  tamId?: string;
}

const TAM_SORT = 'accountId:asc';

/** Current assignments by account id; throws InvalidCursor for a cursor that is not ours. */
export async function listTamAssignments(
  sql: SqlQueryable,
  filter: TamAssignmentFilter,
  page: PageRequest,
): Promise<Page<TamAssignmentListing>> {
  const params = new Params();
  const where: string[] = [];
  if (filter.accountId !== undefined) where.push(`account_id = ${params.add(filter.accountId)}`);
  if (filter.tamId !== undefined) where.push(`tam_id = ${params.add(filter.tamId)}`);
  if (page.cursor !== undefined) {
    const { key } = decodeCursor(page.cursor, TAM_SORT, ['text']);
    where.push(`account_id > ${params.add(key[0])}`);
  }
  const rows = await sql.query<{ doc: TamAssignmentListing }>(
    `select doc from directory_tam_assignments ${where.length ? `where ${where.join(' and ')}` : ''}
      order by account_id limit ${params.add(page.limit + 1)}`,
    params.values,
  );
  const items = rows.slice(0, page.limit).map((row) => row.doc);
  const last = items.at(-1);
  return {
    items,
    ...(rows.length > page.limit && last && { next: encodeCursor({ sort: TAM_SORT, key: [last.accountId] }) }),
  };
}

export interface AccountContact extends AuthorisedContact {
  contractId: string;
}

export interface AccountOverview {
  accountId: string;
  /** Every contract of the account, newest signed first. */
  contracts: ContractListing[];
  tam: TamAssignmentListing | null;
  /** The authorised contacts of the account's running (signed, not ended) contracts. */
  authorisedContacts: AccountContact[];
  openCases: { total: number; byPriority: Record<string, number> };
}

/** Undefined when the directory knows nothing of the account (no contract, no TAM, no case). */
export async function getAccountOverview(
  sql: SqlQueryable,
  accountId: string,
  priorities: readonly string[],
): Promise<AccountOverview | undefined> {
  const contracts = (
    await sql.query<{ doc: ContractListing }>(
      `select doc from directory_contracts where account_id = $1 order by signed_at desc, contract_id desc`,
      [accountId],
    )
  ).map((row) => row.doc);
  const [tamRow] = await sql.query<{ doc: TamAssignmentListing }>(
    `select doc from directory_tam_assignments where account_id = $1`,
    [accountId],
  );
  const counts = await sql.query<{ priority: string; open: number | string }>(
    `select priority, count(*) as open from directory_cases where account_id = $1 and open group by priority`,
    [accountId],
  );
  const [known] = await sql.query<{ found: number }>(
    `select 1 as found from directory_cases where account_id = $1 limit 1`,
    [accountId],
  );
  if (contracts.length === 0 && tamRow === undefined && known === undefined) return undefined;
  const byPriority = Object.fromEntries(priorities.map((p) => [p, 0]));
  for (const row of counts) byPriority[row.priority] = Number(row.open);
  return {
    accountId,
    contracts,
    tam: tamRow?.doc ?? null,
    authorisedContacts: contracts
      .filter((c) => c.status === 'signed')
      .flatMap((c) => c.authorisedContacts.map((contact) => ({ ...contact, contractId: c.contractId }))),
    openCases: { total: Object.values(byPriority).reduce((sum, n) => sum + n, 0), byPriority },
  };
}

/**
 * Whether `contactId` is an authorised contact of a running contract of the account at `at`: signed,
 * not terminated or expired, and not past its end. A contract signed to start later counts, so a
 * customer's keys can be ready before its first day.
 */
export async function isAuthorisedContact(
  sql: SqlQueryable,
  accountId: string,
  contactId: string,
  at: Date,
): Promise<boolean> {
  const rows = await sql.query<{ doc: ContractListing }>(
    `select doc from directory_contracts where account_id = $1 and status = 'signed'`,
    [accountId],
  );
  return rows.some(
    ({ doc }) =>
      (doc.endsAt === null || Date.parse(doc.endsAt) > at.getTime()) &&
      doc.authorisedContacts.some((contact) => contact.contactId === contactId),
  );
}
