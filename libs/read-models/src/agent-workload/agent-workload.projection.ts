/**
 * Agent workload: `agent_workload_cases` (one row per case: its assignee, class, whose move it is,
 * its next due instant) and `agent_workload_breaches` (one row per breached clock, charged to the
 * agent assigned when it breached). Per-agent figures are aggregates over these at query time, so
 * a reassignment moves a case between agents without any counter to keep right.
 */
import type { CaseOpenedData, ClockOutcome, SlaClockStartedData } from '@caseledger/domain';
import type { RecordedEvent, SqlQueryable } from '@caseledger/event-store';
import { CaseDocumentProjection, CaseEventHandler, Column, upsertRows } from '../runner/case-document-projection';

/** Whose move it is: the agent's (not yet answered, or the customer answered since), the customer's, or nobody's. */
export type Awaiting = 'agent' | 'customer' | 'none';

interface WorkloadCase {
  caseId: string;
  accountId: string;
  agentId: string | null;
  priority: string;
  criticality: string;
  open: boolean;
  awaiting: Awaiting;
  /** Running clocks' due instants; paused and stopped clocks are not coming due. */
  running: Record<string, string>;
  /** Clocks started, with their due instants (a stop as breached charges the due instant). */
  dueOf: Record<string, string>;
  breaches: Record<string, { at: string; agentId: string | null }>;
}

const CASE_COLUMNS: Column[] = [
  { name: 'case_id', type: 'text' },
  { name: 'agent_id', type: 'text' },
  { name: 'priority', type: 'text' },
  { name: 'criticality', type: 'text' },
  { name: 'open', type: 'boolean' },
  { name: 'awaiting', type: 'text' },
  { name: 'next_due_at', type: 'timestamptz' },
  { name: 'doc', type: 'jsonb' },
];

const BREACH_COLUMNS: Column[] = [
  { name: 'case_id', type: 'text' },
  { name: 'clock_id', type: 'text' },
  { name: 'agent_id', type: 'text' },
  { name: 'breached_at', type: 'timestamptz' },
];

function change<T>(fn: (doc: WorkloadCase, data: T) => void): CaseEventHandler<WorkloadCase> {
  return (doc, event: RecordedEvent<T>) => {
    if (!doc) return undefined;
    fn(doc, event.data);
    return doc;
  };
}

const agentSpoke = change((doc) => {
  if (doc.open && doc.awaiting === 'agent') doc.awaiting = 'none';
});

function breach(doc: WorkloadCase, clockId: string, at: string): void {
  doc.breaches[clockId] ??= { at, agentId: doc.agentId };
}

export class AgentWorkloadProjection extends CaseDocumentProjection<WorkloadCase> {
  protected readonly docTable = 'agent_workload_cases';
  readonly name = 'agent_workload';
  readonly version = 1;
  readonly tables = ['agent_workload_breaches', 'agent_workload_cases'];

  protected readonly handlers: Record<string, CaseEventHandler<WorkloadCase>> = {
    CaseOpened: (_doc, event: RecordedEvent<CaseOpenedData>) => ({
      caseId: event.data.caseId,
      accountId: event.data.accountId,
      agentId: null,
      priority: event.data.priority,
      criticality: event.data.criticality,
      open: true,
      awaiting: 'agent',
      running: {},
      dueOf: {},
      breaches: {},
    }),
    CaseAssigned: change((doc, d: { agentId: string }) => (doc.agentId = d.agentId)),
    CaseReclassified: change((doc, d: { to: { priority: string; criticality: string } }) => {
      doc.priority = d.to.priority;
      doc.criticality = d.to.criticality;
    }),
    CaseResponded: agentSpoke,
    CallbackLogged: agentSpoke,
    ProgressUpdateGiven: agentSpoke,
    WorkaroundProvided: agentSpoke,
    InformationRequested: change((doc) => (doc.awaiting = 'customer')),
    InformationProvided: change((doc) => (doc.awaiting = 'agent')),
    ResolutionProposed: change((doc, d: { by: string }) => (doc.awaiting = d.by === 'customer' ? 'agent' : 'customer')),
    ResolutionRejected: change((doc, d: { by: string }) => (doc.awaiting = d.by === 'customer' ? 'agent' : 'customer')),
    CaseMutuallyResolved: change((doc) => {
      doc.open = false;
      doc.awaiting = 'none';
    }),
    CaseReopened: change((doc) => {
      doc.open = true;
      doc.awaiting = 'agent';
    }),
    CaseClosed: change((doc) => {
      doc.open = false;
      doc.awaiting = 'none';
    }),
    SlaClockStarted: change((doc, d: SlaClockStartedData) => {
      doc.running[d.clockId] = d.dueAt;
      doc.dueOf[d.clockId] = d.dueAt;
    }),
    SlaClockPaused: change((doc, d: { clockId: string }) => delete doc.running[d.clockId]),
    SlaClockResumed: change((doc, d: { clockId: string; dueAt: string }) => {
      doc.running[d.clockId] = d.dueAt;
      doc.dueOf[d.clockId] = d.dueAt;
    }),
    SlaBreached: change((doc, d: { clockId: string; at: string }) => breach(doc, d.clockId, d.at)),
    SlaClockStopped: change((doc, d: { clockId: string; outcome: ClockOutcome }) => {
      delete doc.running[d.clockId];
      if (d.outcome === 'breached' && doc.dueOf[d.clockId] !== undefined) breach(doc, d.clockId, doc.dueOf[d.clockId]);
    }),
  };

  async migrate(sql: SqlQueryable): Promise<void> {
    await sql.query(`create table if not exists agent_workload_cases (
        case_id text primary key,
        agent_id text,
        priority text not null,
        criticality text not null,
        open boolean not null,
        awaiting text not null,
        next_due_at timestamptz,
        doc jsonb not null
      )`);
    await sql.query(
      `create index if not exists agent_workload_cases_agent on agent_workload_cases (agent_id) where agent_id is not null`,
    );
    await sql.query(`create table if not exists agent_workload_breaches (
        case_id text not null,
        clock_id text not null,
        agent_id text,
        breached_at timestamptz not null,
        primary key (case_id, clock_id)
      )`);
    await sql.query(
      `create index if not exists agent_workload_breaches_agent on agent_workload_breaches (agent_id, breached_at)`,
    );
  }

  protected async save(tx: SqlQueryable, docs: readonly WorkloadCase[]): Promise<void> {
    await upsertRows(
      tx,
      'agent_workload_cases',
      CASE_COLUMNS,
      ['case_id'],
      docs.map((doc) => {
        const due = Object.values(doc.running).sort((a, b) => Date.parse(a) - Date.parse(b));
        return {
          case_id: doc.caseId,
          agent_id: doc.agentId,
          priority: doc.priority,
          criticality: doc.criticality,
          open: doc.open,
          awaiting: doc.awaiting,
          next_due_at: doc.open ? (due[0] ?? null) : null,
          doc,
        };
      }),
    );
    const breaches = docs.flatMap((doc) =>
      Object.entries(doc.breaches).map(([clockId, b]) => ({
        case_id: doc.caseId,
        clock_id: clockId,
        agent_id: b.agentId,
        breached_at: b.at,
      })),
    );
    // A breach is charged once, to whoever held the case then.
    await upsertRows(tx, 'agent_workload_breaches', BREACH_COLUMNS, ['case_id', 'clock_id'], breaches, 'nothing');
  }
}
