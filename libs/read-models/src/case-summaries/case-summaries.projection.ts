/** `case_summaries`: one row per case with what the case list filters, sorts and shows. */
import type { CaseOpenedData, CaseStatus, EscalationLevel } from '@caseledger/domain';
import type { RecordedEvent, SqlQueryable } from '@caseledger/event-store';
import {
  CaseDocumentProjection,
  CaseEventHandler,
  Column,
  laterOf,
  upsertRows,
} from '../runner/case-document-projection';

export interface CaseSummary {
  caseId: string;
  accountId: string;
  contractId: string;
  contactId: string;
  planId: string;
  channel: string;
  subject: string;
  category: string;
  priority: string;
  criticality: string;
  status: CaseStatus;
  assigneeId: string | null;
  escalationLevel: EscalationLevel | null;
  receivedAt: string;
  openedAt: string;
  /** The latest instant of a case event (clock events excluded), as the aggregate counts it. */
  updatedAt: string;
  firstRespondedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  /** Stream revision of the last event applied: the case's ETag at that point. */
  revision: number;
}

const COLUMNS: Column[] = [
  { name: 'case_id', type: 'text' },
  { name: 'account_id', type: 'text' },
  { name: 'contract_id', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'priority', type: 'text' },
  { name: 'criticality', type: 'text' },
  { name: 'category', type: 'text' },
  { name: 'assignee_id', type: 'text' },
  { name: 'subject', type: 'text' },
  { name: 'opened_at', type: 'timestamptz' },
  { name: 'updated_at', type: 'timestamptz' },
  { name: 'doc', type: 'jsonb' },
];

type At = { at: string };

function touched<T extends At>(change?: (doc: CaseSummary, data: T) => void): CaseEventHandler<CaseSummary> {
  return (doc, event: RecordedEvent<T>) => {
    if (!doc) return undefined;
    change?.(doc, event.data);
    doc.updatedAt = laterOf(doc.updatedAt, event.data.at);
    doc.revision = Number(event.revision);
    return doc;
  };
}

export class CaseSummariesProjection extends CaseDocumentProjection<CaseSummary> {
  protected readonly docTable = 'case_summaries';
  readonly name = 'case_summaries';
  readonly version = 1;
  readonly tables = ['case_summaries'];

  protected readonly handlers: Record<string, CaseEventHandler<CaseSummary>> = {
    CaseOpened: (_doc, event: RecordedEvent<CaseOpenedData>) => {
      const d = event.data;
      return {
        caseId: d.caseId,
        accountId: d.accountId,
        contractId: d.contractId,
        contactId: d.contactId,
        planId: d.terms.planId,
        channel: d.channel,
        subject: d.subject,
        category: d.category,
        priority: d.priority,
        criticality: d.criticality,
        status: 'open',
        assigneeId: null,
        escalationLevel: null,
        receivedAt: d.receivedAt,
        openedAt: d.openedAt,
        updatedAt: d.openedAt,
        firstRespondedAt: null,
        resolvedAt: null,
        closedAt: null,
        revision: Number(event.revision),
      };
    },
    HotlineCallLogged: touched(),
    CallbackLogged: touched((doc, d: At) => (doc.firstRespondedAt ??= d.at)),
    CaseAssigned: touched((doc, d: At & { agentId: string }) => (doc.assigneeId = d.agentId)),
    CaseResponded: touched((doc, d: At) => (doc.firstRespondedAt ??= d.at)),
    InformationRequested: touched((doc) => (doc.status = 'awaitingCustomer')),
    InformationProvided: touched((doc) => (doc.status = 'open')),
    ProgressUpdateGiven: touched(),
    UpdateCadenceAgreed: touched(),
    CaseReclassified: touched((doc, d: At & { to: { priority: string; criticality: string } }) => {
      doc.priority = d.to.priority;
      doc.criticality = d.to.criticality;
    }),
    CaseEscalated: touched((doc, d: At & { to: EscalationLevel }) => (doc.escalationLevel = d.to)),
    WorkaroundProvided: touched(),
    ResolutionProposed: touched((doc) => (doc.status = 'resolutionProposed')),
    ResolutionRejected: touched((doc) => (doc.status = 'open')),
    CaseMutuallyResolved: touched((doc, d: At) => {
      doc.status = 'resolved';
      doc.resolvedAt = d.at;
    }),
    CaseReopened: touched((doc) => {
      doc.status = 'open';
      doc.resolvedAt = null;
      doc.firstRespondedAt = null;
    }),
    CaseClosed: touched((doc, d: At) => {
      doc.status = 'closed';
      doc.closedAt = d.at;
    }),
  };

  async migrate(sql: SqlQueryable): Promise<void> {
    await sql.query(`create table if not exists case_summaries (
        case_id text primary key,
        account_id text not null,
        contract_id text not null,
        status text not null,
        priority text not null,
        criticality text not null,
        category text not null,
        assignee_id text,
        subject text not null,
        opened_at timestamptz not null,
        updated_at timestamptz not null,
        doc jsonb not null
      )`);
    for (const column of ['opened_at', 'updated_at', 'priority']) {
      await sql.query(`create index if not exists case_summaries_${column} on case_summaries (${column}, case_id)`);
      await sql.query(
        `create index if not exists case_summaries_account_${column} on case_summaries (account_id, ${column}, case_id)`,
      );
    }
    await sql.query(`create index if not exists case_summaries_assignee on case_summaries (assignee_id)`);
  }

  protected async save(tx: SqlQueryable, docs: readonly CaseSummary[]): Promise<void> {
    await upsertRows(
      tx,
      'case_summaries',
      COLUMNS,
      ['case_id'],
      docs.map((doc) => ({
        case_id: doc.caseId,
        account_id: doc.accountId,
        contract_id: doc.contractId,
        status: doc.status,
        priority: doc.priority,
        criticality: doc.criticality,
        category: doc.category,
        assignee_id: doc.assigneeId,
        subject: doc.subject,
        opened_at: doc.openedAt,
        updated_at: doc.updatedAt,
        doc,
      })),
    );
  }
}
