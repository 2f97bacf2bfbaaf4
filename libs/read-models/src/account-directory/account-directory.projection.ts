/**
 * The account directory: what finding an account's things needs, folded from the contract, TAM and
 * case streams. `directory_contracts` (one row per contract: its plan, status and authorised contacts),
 * `directory_tam_assignments` (one row per account that has a TAM now; removed on unassignment) and
 * `directory_cases` (one row per case: its account, priority and whether it is open, so an account's
 * open cases are counted at query time with nothing to keep right on reclassification or reopening).
 */
import type {
  AuthorisedContact,
  AuthorisedContactAddedData,
  AuthorisedContactRevokedData,
  CaseOpenedData,
  ContractPlanChangedData,
  ContractSignedData,
  ContractStatus,
  TamAssignedData,
  TamProfile,
  TamReassignedData,
  TamWorkingHoursAdjustedData,
} from '@caseledger/domain';
import type { RecordedEvent, SqlQueryable } from '@caseledger/event-store';
import type { Projection } from '../runner/projection';
import { Column, upsertRows } from '../runner/case-document-projection';

export interface ContractListing {
  contractId: string;
  accountId: string;
  status: Exclude<ContractStatus, 'unsigned'>;
  /** The latest plan recorded, a scheduled change included (as GET /v1/contracts/{id} shows it). */
  planId: string;
  serviceTimeZone: string;
  startsAt: string;
  endsAt: string | null;
  endedAt: string | null;
  signedAt: string;
  authorisedContacts: AuthorisedContact[];
  /** Stream revision of the last event applied: the contract's ETag at that point. */
  revision: number;
}

export interface TamAssignmentListing {
  accountId: string;
  tam: TamProfile;
  /** When the current TAM took the assignment. */
  assignedAt: string;
  revision: number;
}

export interface DirectoryCase {
  caseId: string;
  accountId: string;
  priority: string;
  open: boolean;
}

const CONTRACT_COLUMNS: Column[] = [
  { name: 'contract_id', type: 'text' },
  { name: 'account_id', type: 'text' },
  { name: 'plan_id', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'signed_at', type: 'timestamptz' },
  { name: 'doc', type: 'jsonb' },
];

const TAM_COLUMNS: Column[] = [
  { name: 'account_id', type: 'text' },
  { name: 'tam_id', type: 'text' },
  { name: 'doc', type: 'jsonb' },
];

const CASE_COLUMNS: Column[] = [
  { name: 'case_id', type: 'text' },
  { name: 'account_id', type: 'text' },
  { name: 'priority', type: 'text' },
  { name: 'open', type: 'boolean' },
];

/** The rows of one table touched by a batch, keyed by id; null marks a row to delete. */
class Touched<T> {
  readonly rows = new Map<string, T | null>();
  constructor(private readonly loaded: Map<string, T>) {}
  get(id: string): T | undefined {
    return this.rows.has(id) ? (this.rows.get(id) ?? undefined) : this.loaded.get(id);
  }
  set(id: string, row: T | null): void {
    this.rows.set(id, row);
  }
  kept(): T[] {
    return [...this.rows.values()].filter((row): row is T => row !== null);
  }
  removed(): string[] {
    return [...this.rows.entries()].filter(([, row]) => row === null).map(([id]) => id);
  }
}

type Folds = {
  contracts: Touched<ContractListing>;
  tams: Touched<TamAssignmentListing>;
  cases: Touched<DirectoryCase>;
};

// `any` data: each handler declares the data shape of the one event type it is registered for.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (folds: Folds, event: RecordedEvent<any>) => void;

function contract(change: (doc: ContractListing, data: { contractId: string; at: string }) => void): Handler {
  return ({ contracts }, event: RecordedEvent<{ contractId: string; at: string }>) => {
    const doc = contracts.get(event.data.contractId);
    if (!doc) return;
    change(doc, event.data);
    doc.revision = Number(event.revision);
    contracts.set(doc.contractId, doc);
  };
}

function tam<T extends { accountId: string }>(change: (doc: TamAssignmentListing, data: T) => void): Handler {
  return ({ tams }, event: RecordedEvent<T>) => {
    const doc = tams.get(event.data.accountId);
    if (!doc) return;
    change(doc, event.data);
    doc.revision = Number(event.revision);
    tams.set(doc.accountId, doc);
  };
}

function caseRow(change: (row: DirectoryCase, data: Record<string, unknown>) => void): Handler {
  return ({ cases }, event: RecordedEvent<{ caseId: string }>) => {
    const row = cases.get(event.data.caseId);
    if (!row) return;
    change(row, event.data);
    cases.set(row.caseId, row);
  };
}

const HANDLERS: Record<string, Handler> = {
  ContractSigned: ({ contracts }, event: RecordedEvent<ContractSignedData>) => {
    const d = event.data;
    contracts.set(d.contractId, {
      contractId: d.contractId,
      accountId: d.accountId,
      status: 'signed',
      planId: d.planId,
      serviceTimeZone: d.serviceTimeZone,
      startsAt: d.startsAt,
      endsAt: d.endsAt,
      endedAt: null,
      signedAt: d.signedAt,
      authorisedContacts: [],
      revision: Number(event.revision),
    });
  },
  AuthorisedContactAdded: contract((doc, d) => {
    const { contact } = d as unknown as AuthorisedContactAddedData;
    doc.authorisedContacts = [...doc.authorisedContacts.filter((c) => c.contactId !== contact.contactId), contact];
  }),
  AuthorisedContactRevoked: contract((doc, d) => {
    const { contactId } = d as unknown as AuthorisedContactRevokedData;
    doc.authorisedContacts = doc.authorisedContacts.filter((c) => c.contactId !== contactId);
  }),
  ContractPlanChanged: contract((doc, d) => (doc.planId = (d as unknown as ContractPlanChangedData).toPlanId)),
  ContractCalendarChanged: contract(() => undefined),
  ContractTerminated: contract((doc, d) => {
    doc.status = 'terminated';
    doc.endedAt = d.at;
  }),
  ContractExpired: contract((doc, d) => {
    doc.status = 'expired';
    doc.endedAt = d.at;
  }),
  TamAssigned: ({ tams }, event: RecordedEvent<TamAssignedData>) => {
    const d = event.data;
    tams.set(d.accountId, { accountId: d.accountId, tam: d.tam, assignedAt: d.at, revision: Number(event.revision) });
  },
  TamReassigned: tam((doc, d: TamReassignedData) => {
    doc.tam = d.tam;
    doc.assignedAt = d.at;
  }),
  TamWorkingHoursAdjusted: tam((doc, d: TamWorkingHoursAdjustedData) => {
    doc.tam = { ...doc.tam, workingHours: d.workingHours };
  }),
  TamUnassigned: ({ tams }, event: RecordedEvent<{ accountId: string }>) => tams.set(event.data.accountId, null),
  CaseOpened: ({ cases }, event: RecordedEvent<CaseOpenedData>) => {
    const d = event.data;
    cases.set(d.caseId, { caseId: d.caseId, accountId: d.accountId, priority: d.priority, open: true });
  },
  CaseReclassified: caseRow((row, d) => (row.priority = (d as { to: { priority: string } }).to.priority)),
  CaseMutuallyResolved: caseRow((row) => (row.open = false)),
  CaseClosed: caseRow((row) => (row.open = false)),
  CaseReopened: caseRow((row) => (row.open = true)),
};

/** The id each event's row is keyed by, per table. */
function keyOf(event: RecordedEvent): { table: keyof Folds; id: string } | undefined {
  const data = event.data as { contractId?: unknown; caseId?: unknown; accountId?: unknown };
  if (event.type.startsWith('Tam'))
    return typeof data.accountId === 'string' ? { table: 'tams', id: data.accountId } : undefined;
  if (typeof data.caseId === 'string') return { table: 'cases', id: data.caseId };
  if (typeof data.contractId === 'string') return { table: 'contracts', id: data.contractId };
  return undefined;
}

async function loadDocs<T>(
  tx: SqlQueryable,
  table: string,
  key: string,
  ids: readonly string[],
): Promise<Map<string, T>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.query<{ id: string; doc: T }>(
    `select ${key} as id, doc from ${table} where ${key} = any ($1::text[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row.doc]));
}

async function deleteRows(tx: SqlQueryable, table: string, key: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.query(`delete from ${table} where ${key} = any (select jsonb_array_elements_text($1::jsonb))`, [
    JSON.stringify(ids),
  ]);
}

export class AccountDirectoryProjection implements Projection {
  readonly name = 'account_directory';
  readonly version = 1;
  readonly tables = ['directory_contracts', 'directory_tam_assignments', 'directory_cases'];

  async migrate(sql: SqlQueryable): Promise<void> {
    await sql.query(`create table if not exists directory_contracts (
        contract_id text primary key,
        account_id text not null,
        plan_id text not null,
        status text not null,
        signed_at timestamptz not null,
        doc jsonb not null
      )`);
    await sql.query(
      `create index if not exists directory_contracts_account on directory_contracts (account_id, signed_at, contract_id)`,
    );
    await sql.query(
      `create index if not exists directory_contracts_signed on directory_contracts (signed_at, contract_id)`,
    );
    await sql.query(`create table if not exists directory_tam_assignments (
        account_id text primary key,
        tam_id text not null,
        doc jsonb not null
      )`);
    await sql.query(
      `create index if not exists directory_tam_assignments_tam on directory_tam_assignments (tam_id, account_id)`,
    );
    await sql.query(`create table if not exists directory_cases (
        case_id text primary key,
        account_id text not null,
        priority text not null,
        open boolean not null
      )`);
    await sql.query(`create index if not exists directory_cases_account on directory_cases (account_id) where open`);
  }

  async handle(events: readonly RecordedEvent[], tx: SqlQueryable): Promise<void> {
    const relevant = events.filter((e) => HANDLERS[e.type] !== undefined && keyOf(e) !== undefined);
    if (relevant.length === 0) return;
    const ids = { contracts: new Set<string>(), tams: new Set<string>(), cases: new Set<string>() };
    for (const event of relevant) {
      const key = keyOf(event)!;
      ids[key.table].add(key.id);
    }
    const folds: Folds = {
      contracts: new Touched(await loadDocs(tx, 'directory_contracts', 'contract_id', [...ids.contracts])),
      tams: new Touched(await loadDocs(tx, 'directory_tam_assignments', 'account_id', [...ids.tams])),
      cases: new Touched(await this.loadCases(tx, [...ids.cases])),
    };
    for (const event of relevant) HANDLERS[event.type](folds, event);
    await this.save(tx, folds);
  }

  private async loadCases(tx: SqlQueryable, ids: readonly string[]): Promise<Map<string, DirectoryCase>> {
    if (ids.length === 0) return new Map();
    const rows = await tx.query<{ case_id: string; account_id: string; priority: string; open: boolean }>(
      `select case_id, account_id, priority, open from directory_cases
        where case_id = any ($1::text[])`,
      [ids],
    );
    return new Map(
      rows.map((r) => [r.case_id, { caseId: r.case_id, accountId: r.account_id, priority: r.priority, open: r.open }]),
    );
  }

  private async save(tx: SqlQueryable, { contracts, tams, cases }: Folds): Promise<void> {
    await upsertRows(
      tx,
      'directory_contracts',
      CONTRACT_COLUMNS,
      ['contract_id'],
      contracts.kept().map((doc) => ({
        contract_id: doc.contractId,
        account_id: doc.accountId,
        plan_id: doc.planId,
        status: doc.status,
        signed_at: doc.signedAt,
        doc,
      })),
    );
    await deleteRows(tx, 'directory_tam_assignments', 'account_id', tams.removed());
    await upsertRows(
      tx,
      'directory_tam_assignments',
      TAM_COLUMNS,
      ['account_id'],
      tams.kept().map((doc) => ({ account_id: doc.accountId, tam_id: doc.tam.id, doc })),
    );
    await upsertRows(
      tx,
      'directory_cases',
      CASE_COLUMNS,
      ['case_id'],
      cases
        .kept()
        .map((row) => ({ case_id: row.caseId, account_id: row.accountId, priority: row.priority, open: row.open })),
    );
  }

  async truncate(tx: SqlQueryable): Promise<void> {
    await tx.query(`truncate ${this.tables.join(', ')}`);
  }
}
